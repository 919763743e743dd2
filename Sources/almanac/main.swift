import AlmanacCLI
import Foundation

exit(Almanac.run(arguments: Array(CommandLine.arguments.dropFirst())))

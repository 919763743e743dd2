// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Almanac",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "almanac", targets: ["almanac"]),
        .executable(name: "almanac-dot-worker", targets: ["almanac-dot-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries, linked from the system (Debian: libcmark-gfm-dev, libgraphviz-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        // Thin, thread-safe wrappers over the C libraries.
        .target(name: "CMark", dependencies: ["CCmarkGFM", "AlmanacModel"]),
        .target(name: "Graphviz", dependencies: ["CGraphviz"]),

        // The pipeline: model → scan → analysis → site → output, strung together by the CLI.
        .target(name: "AlmanacModel"),
        .target(name: "AlmanacScan", dependencies: ["AlmanacModel", "CMark", "Graphviz", "Yams"]),
        .target(name: "AlmanacAnalysis", dependencies: ["AlmanacModel", "CMark"]),
        .target(
            name: "SiteTemplates",
            path: "site-templates",
            exclude: ["README.md"],
            sources: ["SiteTemplates.swift"],
            resources: [.copy("templates"), .copy("assets")]
        ),
        .target(
            name: "AlmanacSite",
            dependencies: [
                "AlmanacModel", "AlmanacAnalysis", "CMark", "Graphviz", "SiteTemplates",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The one atomic swap of a directory for another (renameat2 RENAME_EXCHANGE on Linux).
        .target(name: "CFileExchange"),
        .target(name: "AlmanacOutput", dependencies: ["CFileExchange"]),
        .target(
            name: "AlmanacCLI",
            dependencies: [
                "AlmanacModel", "AlmanacScan", "AlmanacAnalysis", "AlmanacSite", "AlmanacOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "almanac", dependencies: ["AlmanacCLI"]),
        // One Graphviz layout per process, for clustered diagrams (see DocsDiagramRenderer).
        .executableTarget(name: "almanac-dot-worker", dependencies: ["Graphviz"]),
        .testTarget(
            name: "AlmanacTests",
            dependencies: [
                "AlmanacCLI", "AlmanacModel", "AlmanacScan", "AlmanacAnalysis", "AlmanacSite",
                "AlmanacOutput", "CMark", "Graphviz",
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz targets (`make fuzz`, see Fuzz/): declared only when ALMANAC_FUZZ=1, so the normal build
// and tests never see them. `make fuzz` builds them in .build-fuzz with
// `-sanitize=fuzzer,address`; libFuzzer supplies `main`.
if Context.environment["ALMANAC_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "almanac-fuzz",
        dependencies: ["AlmanacModel", "AlmanacScan", "AlmanacAnalysis", "AlmanacSite", "CMark"],
        path: "Fuzz/almanac-fuzz",
        swiftSettings: [.enableExperimentalFeature("Extern")]
    ))
}

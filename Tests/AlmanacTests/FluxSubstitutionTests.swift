@testable import AlmanacScan
import Testing

@Suite struct FluxSubstitutionTests {
    private let variables = [
        "APP": "plex", "EMPTY": "", "DOMAIN": "example.com", "NAME": "hello World",
        "FILE": "archive.tar.gz", "PATH_": "/a/b/c", "TAG": "v1.2.3-rc",
    ]

    private func expand(_ text: String) -> FluxSubstitution.Result {
        FluxSubstitution.substitute(text, variables: variables)
    }

    @Test func plainVariable() {
        #expect(expand("host: ${APP}.${DOMAIN}") == .init(text: "host: plex.example.com", undefined: []))
    }

    @Test func undefinedVariableIsKeptAndReportedOnce() {
        #expect(expand("${SECRET_DOMAIN} and ${SECRET_DOMAIN}, ${OTHER}")
            == .init(text: "${SECRET_DOMAIN} and ${SECRET_DOMAIN}, ${OTHER}", undefined: ["SECRET_DOMAIN", "OTHER"]))
    }

    @Test func colonDefaultsReplaceUnsetAndEmpty() {
        #expect(expand("${MISSING:-x} ${EMPTY:-x} ${APP:-x}").text == "x x plex")
        #expect(expand("${MISSING:=y} ${EMPTY:=y} ${APP:=y}").text == "y y plex")
        #expect(expand("${MISSING:-x}").undefined == [])
    }

    @Test func plainDefaultsReplaceOnlyUnset() {
        #expect(expand("[${MISSING-x}] [${EMPTY-x}] [${APP-x}]").text == "[x] [] [plex]")
        #expect(expand("[${MISSING=y}] [${EMPTY=y}]").text == "[y] []")
    }

    @Test func defaultsNestAndMixText() {
        #expect(expand("${VOLSYNC_CLAIM:=${APP}}").text == "plex")
        #expect(expand("${A:=${B:=pre-${APP}-post}}").text == "pre-plex-post")
        #expect(expand("${A:-${B}}") == .init(text: "${B}", undefined: ["B"]))
        #expect(expand("${A:=https://${DOMAIN}/x}").text == "https://example.com/x")
    }

    @Test func length() {
        #expect(expand("${#APP} ${#EMPTY}").text == "4 0")
        #expect(expand("${#NOPE}") == .init(text: "${#NOPE}", undefined: ["NOPE"]))
    }

    @Test func caseChanges() {
        #expect(expand("${NAME^}|${NAME^^}|${DOMAIN,}|${NAME,,}").text == "Hello World|HELLO WORLD|example.com|hello world")
        #expect(expand("${TAG^^}").text == "V1.2.3-RC")
    }

    @Test func substrings() {
        #expect(expand("${DOMAIN:8}|${DOMAIN:0:7}|${APP:2:100}|${APP:10}").text == "com|example|ex|")
    }

    @Test func trims() {
        #expect(expand("${FILE#*.}|${FILE##*.}|${FILE%.*}|${FILE%%.*}").text == "tar.gz|gz|archive.tar|archive")
        #expect(expand("${PATH_##*/}|${PATH_%/*}|${TAG#v}").text == "c|/a/b|1.2.3-rc")
        #expect(expand("${FILE#nomatch}").text == "archive.tar.gz")
    }

    @Test func replacements() {
        #expect(expand("${PATH_//b/x}").text == "/a/x/c")
        #expect(expand("${TAG/./_}|${TAG//./_}|${TAG/#v/V}|${TAG/%rc/final}|${TAG//-}").text
            == "v1_2.3-rc|v1_2_3-rc|V1.2.3-rc|v1.2.3-final|v1.2.3rc")
    }

    /// Vectors from fluxcd/pkg envsubst's own tests.
    @Test func upstreamVectors() {
        let cases: [(String, [String: String], String)] = [
            ("${stringZ/\\//-}", ["stringZ": "foo/bar"], "foo-bar"),
            ("${stringZ//\\//-}", ["stringZ": "foo/bar/baz"], "foo-bar-baz"),
            ("${stringZ/#/prefix-}", ["stringZ": "somevalue"], "prefix-somevalue"),
            ("${stringZ/%/-suffix}", ["stringZ": "somevalue"], "somevalue-suffix"),
            ("${stringZ/./}", ["stringZ": "foo.bar"], "foobar"),
            ("${filename#*/}", ["filename": "/path/to/file"], "path/to/file"),
            ("${filename##*/}", ["filename": "path/to/file"], "file"),
            ("${var=${var01^^}}", ["var01": "abcdEFGH28ij"], "ABCDEFGH28IJ"),
            ("foo: ${var=prefix${default_var}-suffix}", ["default_var": "foo1"], "foo: prefixfoo1-suffix"),
            ("some text ${var01}$${var$${var01}$var01${var01}", ["var01": "abcdEFGH28ij"],
             "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij"),
            ("something $${var=${default_var}}", ["default_var": "foo"], "something ${var=foo}"),
            ("\\\\something ${var=${default_var}}", ["default_var": "foo"], "\\\\something foo"),
        ]
        for (input, variables, output) in cases {
            #expect(FluxSubstitution.substitute(input, variables: variables) == .init(text: output, undefined: []), "\(input)")
        }
    }

    @Test func everyPrefixOfTrickyInputIsHandled() {
        let text = "a $${X} ${A:=${B:-${#C}}} ${D/\\//x} ${E%%*.} ${F:1:2} ${G^^} ${ $ {"
        for length in 0...text.count {
            let prefix = String(text.prefix(length))
            let result = FluxSubstitution.substitute(prefix, variables: ["C": "ccc", "D": "d/d"])
            #expect(!result.text.isEmpty || prefix.isEmpty)
        }
    }

    @Test func escapedDollarIsLiteral() {
        #expect(expand("echo $${HOME} ${APP}") == .init(text: "echo ${HOME} plex", undefined: []))
    }

    @Test func bareDollarFormsAreLeftAlone() {
        #expect(expand("$APP costs $5 and $").text == "$APP costs $5 and $")
    }

    @Test func unsupportedFormsAreLeftAsWritten() {
        let text = "${APP+x} ${APP:+x} ${APP:?x} ${APP?x}"
        #expect(expand(text) == .init(text: text, undefined: []))
    }

    @Test func malformedInputIsLeftAlone() {
        #expect(expand("${").text == "${")
        #expect(expand("a ${APP").text == "a ${APP")
        #expect(expand("${} ${1A} ${A-B-").text == "${} ${1A} ${A-B-")
        #expect(expand("${APP:${").text == "${APP:${")
    }

    @Test func validNames() {
        #expect(FluxSubstitution.isValidName("_A1"))
        #expect(FluxSubstitution.isValidName("cluster_domain"))
        #expect(!FluxSubstitution.isValidName("1A"))
        #expect(!FluxSubstitution.isValidName("A-B"))
        #expect(!FluxSubstitution.isValidName(""))
        #expect(!FluxSubstitution.isValidName("é"))
    }
}

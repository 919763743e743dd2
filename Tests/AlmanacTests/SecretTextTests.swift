import AlmanacModel
@testable import AlmanacScan
import Testing

/// The text rules and the name rule of redaction, one behaviour per test.
@Suite struct SecretTextTests {
    /// The text with what the rules find masked.
    func masked(_ text: String) -> String { SecretText.masked(text) }

    @Test func secretLookingNames() {
        for name in ["password", "DB_PASSWORD", "apiKey", "api-key", "auth.password", "example.com/api-token", "SMTP_PASS",
                     "SENTRY_DSN", "jwtSigningKey", "privateKey", "credentials", "Authorization", "APP_KEY", "--db-password",
                     "homelab:dbPassword", "secure", "SLACK_WEBHOOK_URL", "clientSecret", "GITEA__security__SECRET_KEY"] {
            #expect(SecretHeuristics.looksSecret(name: name), "\(name)")
        }
    }

    @Test func referencesAndOrdinaryNamesAreNotSecret() {
        for name in ["secretName", "existingSecret", "passwordSecretRef", "DB_PASSWORD_FILE", "AWS_ACCESS_KEY_ID", "topologyKey",
                     "routingKey", "key", "tokenURL", "authorizationURL", "cert-manager.io/inject-ca-from-secret", "secretKeyRef",
                     "--secure-listen-address", "name", "value", "TOKEN_TTL", "METALLB_ML_SECRET_NAME", "maxInputTokens",
                     "input_cost_per_token", "PASSWORD_MIN_LENGTH", "tokenAddress", "secret.reloader.stakater.com/reload"] {
            #expect(!SecretHeuristics.looksSecret(name: name), "\(name)")
        }
    }

    @Test func referencesAreNotMasked() {
        for value in ["${DB_PASSWORD}", "$(TOKEN)", "/run/secrets/db", "{{ .Values.password }}", "true", "1234",
                      "<path:vault#db#password>", "ref+vault://db/password", "op://vault/db/password", "ENC[AES256_GCM,data:x]"] {
            #expect(SecretHeuristics.isReference(value), "\(value)")
        }
        #expect(masked("password: ${DB_PASSWORD}") == "password: ${DB_PASSWORD}")
    }

    @Test func keyValuePairsInTextLoseTheirValues() {
        #expect(masked("password: hunter22") == "password: ••••")
        #expect(masked(#"{"user": "admin", "password": "hunter22"}"#) == #"{"user": "admin", "password": "••••"}"#)
        #expect(masked("aws_secret_access_key = abc/def+ghi") == "aws_secret_access_key = ••••")
        #expect(masked("export PGPASSWORD=hunter22 && psql") == "export PGPASSWORD=•••• && psql")
        #expect(masked("LOG_LEVEL=debug\nSECRET_KEY=abc") == "LOG_LEVEL=debug\nSECRET_KEY=••••")
        #expect(masked("password: hunter22 # rotate") == "password: •••• # rotate")
        #expect(masked("password:\n  user: x") == "password:\n  user: x", "a structure, not a value")
    }

    @Test func blockValuesLoseEveryLineButKeepTheirIndentation() {
        #expect(masked("token: |\n  line one\n  line two\nnext: 1") == "token: |\n  ••••\n  ••••\nnext: 1")
    }

    @Test func nameValuePairsAreJudgedByTheName() {
        #expect(masked("- {name: API_TOKEN, value: \"abc123\"}") == "- {name: API_TOKEN, value: \"••••\"}")
        #expect(masked("- name: DB_PASSWORD\n  value: abc123") == "- name: DB_PASSWORD\n  value: ••••")
        #expect(masked("- name: LOG_LEVEL\n  value: debug") == "- name: LOG_LEVEL\n  value: debug")
    }

    @Test func flagsAndTheirValues() {
        #expect(masked("mysqldump --password=hunter22 db") == "mysqldump --password=•••• db")
        #expect(masked("vault login --token s.abc123 -x") == "vault login --token •••• -x")
        #expect(masked("k3s server --secrets-encryption \\") == "k3s server --secrets-encryption \\")
        #expect(masked("--token-file /run/token") == "--token-file /run/token")
    }

    @Test func urlCredentials() {
        #expect(masked("postgres://app:hunter22@db:5432/app") == "postgres://app:••••@db:5432/app")
        #expect(masked("redis://:hunter22@redis:6379/0") == "redis://:••••@redis:6379/0")
        #expect(masked("see https://ops:pa@ss@grafana.example.com/") == "see https://ops:••••@grafana.example.com/")
        #expect(masked("http://grafana:3000/d/x?orgId=1") == "http://grafana:3000/d/x?orgId=1")
        #expect(masked("postgres://app:${PASSWORD}@db/app") == "postgres://app:${PASSWORD}@db/app")
    }

    @Test func privateKeyBodies() {
        let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAAB3Nza\n-----END OPENSSH PRIVATE KEY-----"
        #expect(masked(pem) == "-----BEGIN OPENSSH PRIVATE KEY-----\n••••\n••••\n-----END OPENSSH PRIVATE KEY-----")
        let escaped = #""private_key": "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n""#
        #expect(!masked(escaped).contains("MIIEv"))
        let certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
        #expect(masked(certificate) == certificate, "certificates are public")
    }

    @Test func authorizationCredentials() {
        #expect(masked(#"proxy_set_header Authorization "Bearer abc.def-123";"#) == #"proxy_set_header Authorization "Bearer ••••";"#)
        #expect(masked("curl -H 'Authorization: Basic dXNlcjpwYXNz'") == "curl -H 'Authorization: ••••'")
        #expect(masked("Use basic authentication and bearer tokens.") == "Use basic authentication and bearer tokens.")
        #expect(masked("Authorization: Bearer $TOKEN") == "Authorization: Bearer $TOKEN")
    }

    @Test func wellKnownTokenShapes() {
        let github = "ghp_" + String(repeating: "a1", count: 18)
        #expect(masked("push with \(github) now") == "push with •••• now")
        #expect(masked("AKIAIOSFODNN7EXAMPLE") == "••••")
        #expect(masked("xoxb-1234-5678-abcdef") == "••••")
        #expect(masked("glpat-abcdefghij0123456789") == "••••")
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        #expect(masked("token \(jwt)") == "token ••••")
        #expect(masked("https://hooks.slack.com/services/T000/B000/XXXXXXXX") == "https://••••")
        #expect(masked("admin:$2y$05$abcdefghijklmnopqrstuv") == "admin:••••")
        #expect(masked("a mask-ghp_short and AKIA123") == "a mask-ghp_short and AKIA123")
    }

    @Test func markdownJudgesPairsOnlyInCodeButShapesEverywhere() {
        let text = "Password: ask the team.\n\n```sh\nexport PGPASSWORD=hunter22\n```\n\nOr `TOKEN=abc123` inline; https://u:pw1@host/ in prose.\n"
        let (shown, redactions) = Redactor.publish(text, kind: .markdown)
        #expect(shown == "Password: ask the team.\n\n```sh\nexport PGPASSWORD=••••\n```\n\nOr `TOKEN=••••` inline; https://u:••••@host/ in prose.\n")
        #expect(redactions.map(\.line) == [4, 7, 7])
        #expect(redactions.map(\.reason) == [.secretKey, .secretKey, .urlCredentials])
    }

    @Test func publishingKeepsEveryLineAndSaysWhereTheMasksAre() {
        let text = "a: 1\ncert: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIE\n  abcd\n  -----END RSA PRIVATE KEY-----\nb: é password=x1y2\n"
        let (shown, redactions) = Redactor.publish(text)
        #expect(shown.split(separator: "\n", omittingEmptySubsequences: false).count
            == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(redactions == [
            Redaction(line: 4, endLine: 5, column: 3, reason: .privateKey),
            Redaction(line: 7, column: 15, reason: .secretKey, key: "password"),
        ])
    }

    @Test func treeRulesMaskValuesAndFindThemInTheFile() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: billing}
        spec:
          source:
            helm:
              parameters:
                - name: auth.password
                  value: hunter22
              values: |
                database:
                  password: s3cret99
              valuesObject:
                smtp: {token: "abc123"}
            args: ["--api-key", "k3y99", "--port", "80"]
        """
        let (scan, shown, redactions) = published("argo/app.yaml", text)
        let tree = scan.documents[0]
        #expect(tree[path: "spec", "source", "helm"]?["parameters"]?.items[0]["value"]?.string == Redaction.mask)
        #expect(tree[path: "spec", "source", "helm", "values"]?.string == "database:\n  password: ••••\n")
        #expect(tree[path: "spec", "source", "helm", "valuesObject", "smtp", "token"]?.string == Redaction.mask)
        #expect(tree[path: "spec", "source", "args"]?.items.map { $0.string ?? "" } == ["--api-key", "••••", "--port", "80"])
        for secret in ["hunter22", "s3cret99", "abc123", "k3y99"] { #expect(!shown.contains(secret)) }
        #expect(redactions.map(\.line) == [9, 12, 14, 15])
        #expect(shown.contains(#"args: ["--api-key", "••••", "--port", "80"]"#))
    }

    @Test func externalSecretsNameKeysAndAreNotMasked() {
        let text = """
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: {name: app}
        spec:
          data:
            - secretKey: password
              remoteRef: {key: app, property: password}
        """
        let (scan, shown, redactions) = published("a/es.yaml", text)
        #expect(redactions == [])
        #expect(shown == text)
        guard case .secret(let info) = scan.facts.first else { Issue.record("expected a secret reference"); return }
        #expect(info.keys == ["password"])
    }
}

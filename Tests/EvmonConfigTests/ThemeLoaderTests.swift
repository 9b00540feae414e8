import EvmonTestSupport
import EvmonUI
import Foundation
import Testing

@testable import EvmonConfig
import EvmonModel

@Suite struct ThemeLoaderTests {
    /// The checkout's `themes/` folder, found from this file's path.
    static let repositoryThemes = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    static let shippedNames = ["default", "light", "high-contrast"]

    private func usageMessage(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as EvmonError {
            guard case .usage(let message) = error else { return "not a usage error: \(error)" }
            return message
        } catch {
            return "unexpected error: \(error)"
        }
    }

    @Test func parsesColoursAttributesAndFallsBackToText() throws {
        let text = """
            text: { fg: white, bg: default }
            title_focused: { fg: bright-cyan, bg: default, bold: true }
            selection: { fg: 16, bg: "#5fafd7", reverse: true, underline: false }
            status_bar: { fg: grey, dim: true }
            """
        let theme = try ThemeParser.parse(text, name: "mine", path: "mine.yaml")
        #expect(theme.name == "mine")
        #expect(theme[.text] == RoleStyle(foreground: .ansi(7)))
        #expect(theme[.titleFocused] == RoleStyle(foreground: .ansi(14), bold: true))
        #expect(theme[.selection] == RoleStyle(foreground: .palette(16), background: .rgb(0x5F, 0xAF, 0xD7), reverse: true))
        #expect(theme[.statusBar] == RoleStyle(foreground: .ansi(8), dim: true))
        #expect(theme[.border] == theme[.text])
        #expect(theme[.match] == theme[.text])
    }

    @Test func colourNamesRoundTrip() {
        let colours: [ThemeColor] = [.terminalDefault, .ansi(0), .ansi(7), .ansi(9), .ansi(15), .palette(0), .palette(255), .rgb(0, 0x0A, 0xFF)]
        for colour in colours {
            #expect(ThemeColorName.parse(ThemeColorName.name(of: colour)) == colour)
        }
        #expect(ThemeColorName.parse("Bright_Red") == .ansi(9))
        #expect(ThemeColorName.parse("256") == nil)
        #expect(ThemeColorName.parse("#12345") == nil)
        #expect(ThemeColorName.parse("reddish") == nil)
    }

    @Test(arguments: shippedNames)
    func everyShippedThemeLoadsAndStylesEveryRole(name: String) throws {
        let path = Self.repositoryThemes + "/" + name + ".yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        _ = try ThemeParser.parse(text, name: name, path: path)
        // Every role is written out, so no shipped theme relies on the fallback by accident.
        for role in StyleRole.allCases {
            #expect(text.contains("\n\(role.name):"), "\(name).yaml has no style for '\(role.name)'")
        }
    }

    @Test(arguments: shippedNames)
    func builtInCopiesMatchTheFiles(name: String) throws {
        let file = try String(contentsOfFile: Self.repositoryThemes + "/" + name + ".yaml", encoding: .utf8)
        #expect(BuiltInThemes.text[name] == file, "copy themes/\(name).yaml into Sources/EvmonConfig/Themes/BuiltInThemes.swift")
    }

    @Test func builtInsAreExactlyTheShippedThemes() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryThemes).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInThemes.text.keys))
        #expect(Set(Self.shippedNames) == Set(BuiltInThemes.text.keys))
    }

    @Test func themesDifferFromEachOther() throws {
        let loader = ThemeLoader(environment: [:], executablePath: nil)
        let themes = try Self.shippedNames.map { try loader.load($0) }
        #expect(themes[0] != themes[1] && themes[1] != themes[2] && themes[0] != themes[2])
    }

    @Test func unknownRoleNamesFileLineColumnAndKey() {
        let text = "text: { fg: white }\nbordr: { fg: red }\n"
        let message = usageMessage { _ = try ThemeParser.parse(text, name: "bad", path: "bad.yaml") }
        #expect(message?.hasPrefix("bad.yaml:2:1: unknown role 'bordr'") == true, "\(message ?? "no error")")
    }

    @Test func badColourNamesTheRoleAndField() {
        let text = "text: { fg: white }\ntitle:\n  fg: reddish\n"
        let message = usageMessage { _ = try ThemeParser.parse(text, name: "bad", path: "/x/bad.yaml") }
        #expect(message?.hasPrefix("/x/bad.yaml:3:7: bad colour 'reddish' for title.fg") == true, "\(message ?? "no error")")
    }

    @Test(arguments: [
        ("title: { fg: red, bolt: true }\n", "1:19: unknown key 'bolt' in 'title'"),
        ("title: { bold: maybe }\n", "1:16: title.bold must be true or false"),
        ("title: red\n", "1:8: the style of 'title' must be a mapping"),
        ("- text\n", "1:1: expected a mapping of roles to styles"),
        ("title: { bg: 300 }\n", "1:14: bad colour '300' for title.bg"),
    ])
    func brokenFilesSayWhereAndWhat(text: String, expected: String) {
        let message = usageMessage { _ = try ThemeParser.parse(text, name: "bad", path: "bad.yaml") }
        #expect(message?.hasPrefix("bad.yaml:" + expected) == true, "\(message ?? "no error")")
    }

    @Test func aRoleGivenTwiceIsAnError() {
        let message = usageMessage { _ = try ThemeParser.parse("text: { fg: red }\ntext: { fg: blue }\n", name: "bad", path: "bad.yaml") }
        #expect(message == "bad.yaml:1:1: 'text' appears twice")
    }

    @Test func yamlSyntaxErrorsNameTheFileAndHintAtUnquotedHashes() {
        let message = usageMessage { _ = try ThemeParser.parse("text: {}\ntitle: { fg: #ff0000 }\n", name: "bad", path: "bad.yaml") }
        #expect(message?.hasPrefix("bad.yaml:3:1: ") == true, "\(message ?? "no error")")
        #expect(message?.contains("quote") == true, "\(message ?? "no error")")
    }

    @Test func unknownNameListsTheAvailableThemes() {
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": "/nonexistent"], executablePath: nil)
        let message = usageMessage { _ = try loader.load("solarized") }
        #expect(message == "unknown theme 'solarized' (available: default, high-contrast, light)")
    }

    @Test func aPathIsReadDirectly() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("themes/mine.yaml", "text: { fg: green }\n")
        let loader = ThemeLoader(environment: [:], executablePath: nil)
        let theme = try loader.load(path)
        #expect(theme.name == "mine")
        #expect(theme[.text].foreground == .ansi(2))
        #expect(usageMessage { _ = try loader.load(folder.path + "/missing.yaml") }?.contains("not found") == true)
    }

    @Test func namesAreSearchedInConfigThenExecutableFoldersThenBuiltIns() throws {
        let folder = try TemporaryFolder()
        let executable = folder.path + "/checkout/.build/debug/evmon"
        _ = try folder.write("checkout/themes/light.yaml", "text: { fg: blue }\n")
        _ = try folder.write("checkout/themes/ocean.yaml", "text: { fg: cyan }\n")
        _ = try folder.write("checkout/.build/share/evmon/themes/installed.yaml", "text: { fg: magenta }\n")
        _ = try folder.write("config/evmon/themes/ocean.yaml", "text: { fg: red }\n")
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": folder.path + "/config"], executablePath: executable)
        #expect(try loader.load("ocean")[.text].foreground == .ansi(1))  // the user's copy wins
        #expect(try loader.load("light")[.text].foreground == .ansi(4))  // the checkout's over the built-in
        #expect(try loader.load("installed")[.text].foreground == .ansi(5))
        #expect(try loader.load("high-contrast") == ThemeLoader(environment: [:], executablePath: nil).load("high-contrast"))
        #expect(loader.availableNames() == ["default", "high-contrast", "installed", "light", "ocean"])
    }

    @Test func withoutXDGTheHomeConfigFolderIsSearched() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write(".config/evmon/themes/home.yaml", "text: { fg: yellow }\n")
        let loader = ThemeLoader(environment: ["HOME": folder.path], executablePath: nil)
        #expect(try loader.load("home")[.text].foreground == .ansi(3))
    }

    @Test func theRunningBinaryFindsTheCheckoutsThemesWhateverTheWorkingDirectory() throws {
        // The test runner lives under .build/ in this checkout; the search starts from its real
        // path, never from the working directory.
        let loader = ThemeLoader(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        let directories = loader.directories()
        #expect(directories.first == Self.repositoryThemes, "\(directories)")
        #expect(try loader.load("default") == ThemeParser.parse(BuiltInThemes.text["default"]!, name: "default", path: "x"))
    }

    @Test func noColorDoesNotChangeHowThemesLoad() throws {
        // NO_COLOR is the driver's business: themes keep their colours, the driver drops them.
        let plain = try ThemeLoader(environment: [:], executablePath: nil).load("default")
        let noColor = try ThemeLoader(environment: ["NO_COLOR": "1"], executablePath: nil).load("default")
        #expect(plain == noColor)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's character encoding, from the locale, and the conversions to and from it.
///
/// xueji's own text is UTF-8 everywhere. A terminal under a GB18030/GBK/GB2312 locale (older
/// Chinese Windows set-ups, some remote servers) sends and shows GB18030: what is typed is
/// converted to UTF-8 and what is shown back (results, errors, the prompt) to GB18030 — only
/// for the terminal; files and pipes stay UTF-8. Under the C or POSIX locale libedit would drop
/// typed Chinese silently, so the shell switches to C.UTF-8 and says so.
public enum TerminalText {
    /// How the terminal encodes text.
    public enum Encoding: Sendable, Equatable {
        case utf8
        /// GB18030 (GBK and GB2312 are subsets of it).
        case gb18030
    }

    /// Set once at start-up by `setUp`, before any thread but the main one exists.
    nonisolated(unsafe) public private(set) static var encoding: Encoding = .utf8

    nonisolated(unsafe) private static var note: String??

    /// Adopts the locale's character type (libedit reads keys through it) and decides the
    /// encoding, once; returns a note to show when the locale could not read Chinese.
    @discardableResult
    public static func setUp() -> String? {
        if let note { return note }
        let n = adoptLocale()
        note = .some(n)
        return n
    }

    private static func adoptLocale() -> String? {
        guard let set = setlocale(LC_CTYPE, "") else {
            let names: [String] = ["LC_ALL", "LC_CTYPE", "LANG"]
            let asked = names.compactMap { (n: String) -> String? in getenv(n).map { String(cString: $0) } }.first { !$0.isEmpty }
            guard let asked, asked.lowercased().contains("utf") else { return fallBackToUTF8(from: ShellMessage.localeNotInstalled.text) }
            // A UTF-8 locale that is not installed: UTF-8 all the same, and no word about Chinese.
            encoding = .utf8
            for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
                return ShellMessage.localeMissing(locale: asked, by: name).text
            }
            return nil
        }
        let locale = String(cString: set)
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        switch codeset {
        case "UTF-8", "UTF8": encoding = .utf8; return nil
        case "GB18030", "GBK", "GB2312", "EUC-CN": encoding = .gb18030; return nil
        default: return fallBackToUTF8(from: locale)
        }
    }

    private static func fallBackToUTF8(from locale: String) -> String? {
        encoding = .utf8
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            return ShellMessage.localeReplaced(locale: locale, by: name).text
        }
        return ShellMessage.localeCannotHoldChinese(locale: locale).text
    }

    /// `text` as the terminal shows it.
    public static func toTerminal(_ text: String) -> [UInt8] {
        encoding == .utf8 ? Array(text.utf8) : convert(Array(text.utf8), from: "UTF-8", to: "GB18030") ?? Array(text.utf8)
    }

    /// Bytes the terminal sent, as text.
    public static func fromTerminal(_ bytes: [UInt8]) -> String {
        if encoding == .utf8 { return String(decoding: bytes, as: UTF8.self) }
        return convert(bytes, from: "GB18030", to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
            ?? String(decoding: bytes, as: UTF8.self)
    }

    /// iconv(3) over the whole of `bytes`; nil when a byte sequence cannot be converted.
    static func convert(_ bytes: [UInt8], from: String, to: String) -> [UInt8]? {
        guard !bytes.isEmpty else { return [] }
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress, inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress, outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let produced else { return nil }
        return output[..<produced].map { UInt8(bitPattern: $0) }
    }
}

/// What the lexer does for Chinese input (issue 16): keywords typed in Chinese, and the
/// punctuation a Chinese input method types.
extension Lexer {
    /// A Chinese keyword: the English word (or words: 排序 is `order by`) it stands for, each a
    /// token spanning the Chinese word, whose `text` keeps the Chinese: a value is read from the
    /// text, so 毕业 is the statement `graduate` where a statement begins and the status
    /// `graduated` as a value.
    mutating func emitKeyword(_ t: String, as words: [String], from start: SourceLocation, startIndex: Int) {
        var english = words
        if let plural = Vocabulary.plurals[t], let before = tokens.last?.word, ["find", "import", "export"].contains(before) {
            english = [plural]
        }
        for e in english {
            if let sym = Token.Symbol(rawValue: e) {
                emit(.symbol(sym), from: start, startIndex: startIndex)
            } else {
                emit(.word(e), from: start, startIndex: startIndex)
            }
        }
    }

    /// Full-width punctuation read as its ASCII symbol (、 and 。 stay errors: a list or an end?).
    static let acceptedFullWidth: [Character: Character] = ["，": ",", "；": ";", "（": "(", "）": ")", "＝": "=", "＜": "<", "＞": ">"]
}

/// How the variable-length records of a registry image are encoded, one record at a time, so
/// that a mapped image decodes only the records a question reads (a history, an `as of`).
enum ImageCoding {
    /// A text: its UTF-8 bytes.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A field change: `u8 field` (the journal's field codes), value before, value after (the
    /// journal's typed values). The image is checked against its hashes before it is read, so a
    /// record that does not decode is a bug, not damage.
    static func change(_ bytes: UnsafeRawBufferPointer) -> FieldChange {
        var r = ByteReader(bytes)
        do throws(ByteReader.Short) {
            let f = Int(try r.u8())
            guard f < JournalEntry.fieldCodes.count else { throw ByteReader.Short() }
            return FieldChange(JournalEntry.fieldCodes[f], try r.value(), try r.value())
        } catch {
            preconditionFailure("a field change in the registry image does not decode")
        }
    }

    static func encode(_ s: String, into w: inout ByteWriter) { w.raw(s.utf8) }

    static func encode(_ c: FieldChange, into w: inout ByteWriter) {
        w.u8(UInt8(JournalEntry.fieldCodes.firstIndex(of: c.field)!)); w.value(c.before); w.value(c.after)
    }
}

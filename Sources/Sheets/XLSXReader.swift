import Foundation

/// Reads the first worksheet of an .xlsx workbook (Office Open XML, as Excel, WPS and
/// LibreOffice save it) into cells, keeping text apart from numbers.
///
/// The sheet is found the way Excel finds it, through `_rels/.rels`, `xl/workbook.xml` and its
/// relationships, never by assuming `sheet1.xml`: the first sheet in tab order that is a
/// worksheet and not hidden (hidden sheets, often lookup lists, are taken only when every
/// sheet is hidden). Blank rows, and blank cells after a row's last value, are skipped.
public enum XLSXReader {
    /// The first sheet's non-blank rows, for callers that need neither its name nor its date system.
    public static func firstSheet(of data: Data) throws(SheetError) -> [SheetRow] {
        try read(data).rows
    }

    /// The first sheet with its name and date system, for messages and date conversion.
    public static func read(_ data: Data) throws(SheetError) -> Sheet {
        let package = try ZipPackage(data)
        let workbookPath = try findWorkbook(in: package)
        let rels = try relationships(of: workbookPath, in: package)
        let workbook = try PackageParts.decode(PackageParts.Workbook.self, from: package.read(workbookPath), part: workbookPath)

        guard let sheets = workbook.sheets else {
            throw SheetError("not an .xlsx workbook: \(workbookPath) lists no sheets")
        }
        let worksheets = sheets.sheet.compactMap { entry -> (PackageParts.Workbook.Entry, String)? in
            guard let rel = rels[entry.id], rel.kind == "worksheet" else { return nil }
            return (entry, rel.path)
        }
        let visible = worksheets.first { $0.0.state == nil || $0.0.state == "visible" }
        guard let (entry, sheetPath) = visible ?? worksheets.first else {
            throw SheetError("the workbook has no worksheet")
        }

        var strings: [String] = []
        if let shared = rels.values.first(where: { $0.kind == "sharedStrings" }) {
            strings = try SharedStringsParser.parse(package.read(shared.path), part: shared.path)
        }
        let rows = try WorksheetParser.parse(package.read(sheetPath), part: sheetPath, sharedStrings: strings)
        let date1904 = ["1", "true", "on"].contains(workbook.properties?.date1904?.lowercased() ?? "")
        return Sheet(name: entry.name, rows: rows, date1904: date1904)
    }

    /// Reads a file from disk, so a caller with a path need not load it first.
    public static func read(contentsOfFile path: String) throws(SheetError) -> Sheet {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw SheetError("cannot read \(path): \((error as NSError).localizedDescription)")
        }
        return try read(data)
    }

    /// A relationship with its target already resolved to a part name.
    private struct Link {
        var kind: String
        var path: String
    }

    private static func relationships(of part: String, in package: ZipPackage) throws(SheetError) -> [String: Link] {
        let relsPath = PackageParts.relsPath(of: part)
        guard package.contains(relsPath) else { throw SheetError.missingPart(relsPath) }
        let rels = try PackageParts.decode(PackageParts.Relationships.self, from: package.read(relsPath), part: relsPath)
        var links: [String: Link] = [:]
        for rel in rels.relationships where rel.targetMode?.lowercased() != "external" {
            links[rel.id] = Link(kind: rel.kind, path: PackageParts.resolve(rel.target, from: part))
        }
        return links
    }

    /// The workbook part: the package's officeDocument relationship, else the content type
    /// that names a workbook, else Excel's usual `xl/workbook.xml`.
    private static func findWorkbook(in package: ZipPackage) throws(SheetError) -> String {
        if package.contains("_rels/.rels") {
            let rels = try PackageParts.decode(PackageParts.Relationships.self, from: package.read("_rels/.rels"), part: "_rels/.rels")
            if let office = rels.relationships.first(where: { $0.kind == "officeDocument" }) {
                let path = PackageParts.resolve(office.target, from: "")
                if package.contains(path) { return path }
            }
        }
        if package.contains("[Content_Types].xml") {
            let types = try PackageParts.decode(PackageParts.ContentTypes.self, from: package.read("[Content_Types].xml"), part: "[Content_Types].xml")
            if let main = types.overrides.first(where: { $0.contentType.hasSuffix(".main+xml") && $0.contentType.contains("sheet") }) {
                let path = PackageParts.resolve(main.partName, from: "")
                if package.contains(path) { return path }
            }
        }
        guard package.contains("xl/workbook.xml") else {
            throw SheetError("not an .xlsx workbook: the package has no workbook part (xl/workbook.xml)")
        }
        return "xl/workbook.xml"
    }
}

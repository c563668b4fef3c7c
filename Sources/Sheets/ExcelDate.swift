extension XLSXReader {
    /// The calendar day of an Excel date serial, because Excel stores a date typed into a cell
    /// as a number of days and only its cell style says it is a date.
    ///
    /// In the 1900 system (the default, and what Excel on Windows writes) serial 1 is
    /// 1900-01-01 and 39156 is 2007-03-15; serial 60 is Excel's fictitious 1900-02-29, which no
    /// calendar has, so it gives nil, as do serials below 1 and past 9999-12-31. In the 1904
    /// system (`Sheet.date1904`) serial 0 is 1904-01-01. A fraction is the time of day and is
    /// ignored. The serial is the stored text, e.g. from `SheetCell.number`.
    public static func excelDate(serial: String, date1904: Bool = false) -> (year: Int, month: Int, day: Int)? {
        guard let value = Double(serial), value.isFinite, value >= 0, value < 3_000_000 else { return nil }
        var days = Int(value.rounded(.down))
        if date1904 { days += 1_462 }
        guard days >= 1, days != 60, days <= 2_958_465 else { return nil }
        // Days since 1970-01-01: serial 25569 is 1970-01-01; below 60 Excel has no leap day to skip.
        let unixDays = days < 60 ? days - 25_568 : days - 25_569
        return civilDate(daysSince1970: unixDays)
    }

    /// Proleptic Gregorian date from a day count (Howard Hinnant's algorithm), so no calendar
    /// or time zone can shift the day.
    static func civilDate(daysSince1970: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

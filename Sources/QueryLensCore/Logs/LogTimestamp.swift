/// Parses the timestamps logs write, to microseconds since 1970 UTC, without Foundation's
/// date formatters (far too slow per line): `2026-11-25 13:52:13.730 UTC`,
/// `2026-11-25 13:52:13 UTC`, `2026-11-25T13:52:13.123456+01:00`, `...Z`, `... +0000`.
///
/// Zone abbreviations other than UTC/GMT/Z have no fixed offset; they are read as UTC. Only
/// differences between timestamps of one log matter to QueryLens (gaps, ordering), so that is
/// harmless unless a log crosses a daylight-saving change.
public enum LogTimestamp {
    /// Remembers the last date, hour and minute seen: log lines share them, so most lines
    /// parse only seconds, fraction and zone.
    public struct Cache {
        private var key: (UInt64, UInt64) = (0, 0)
        private var minuteStart: Int64 = 0

        public init() {}

        public mutating func parse(_ text: UnsafeRawBufferPointer, at offset: Int = 0) -> (microseconds: Int64, end: Int)? {
            guard offset + 19 <= text.count, let base = text.baseAddress else { return LogTimestamp.parse(text, at: offset) }
            let low = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let high = UnsafeRawPointer(base + offset + 8).loadUnaligned(as: UInt64.self)
            if low != key.0 || high != key.1 {
                guard let parsed = LogTimestamp.parse(text, at: offset) else { return nil }
                key = (low, high)
                // Recompute the minute's start from the parse (zone and seconds removed).
                guard let (zone, _) = LogTimestamp.zoneAndEnd(text, afterSecondsAt: offset + 19) else { return parsed }
                let second = Int64(text[offset + 17] &- 0x30) * 10 + Int64(text[offset + 18] &- 0x30)
                let fraction = parsed.microseconds % 1_000_000
                let adjustedFraction = fraction < 0 ? fraction + 1_000_000 : fraction
                minuteStart = (parsed.microseconds - adjustedFraction) / 1_000_000 + Int64(zone) - second
                return parsed
            }
            let tens = text[offset + 17] &- 0x30
            let units = text[offset + 18] &- 0x30
            guard text[offset + 16] == UInt8(ascii: ":"), tens < 7, units < 10 else { return LogTimestamp.parse(text, at: offset) }
            guard let (zone, fractionMicros, end) = LogTimestamp.zoneFractionAndEnd(text, afterSecondsAt: offset + 19) else { return nil }
            let seconds = minuteStart + Int64(tens) * 10 + Int64(units) - Int64(zone)
            return (seconds * 1_000_000 + Int64(fractionMicros), end)
        }
    }

    /// The zone offset (seconds) after `HH:MM:SS[.fff]` and the offset after the timestamp.
    static func zoneAndEnd(_ text: UnsafeRawBufferPointer, afterSecondsAt index: Int) -> (Int, Int)? {
        zoneFractionAndEnd(text, afterSecondsAt: index).map { ($0.0, $0.2) }
    }

    static func zoneFractionAndEnd(_ text: UnsafeRawBufferPointer, afterSecondsAt start: Int) -> (Int, Int, Int)? {
        var index = start
        var micros = 0
        if text.byte(index) == UInt8(ascii: ".") || text.byte(index) == UInt8(ascii: ",") {
            index += 1
            var scale = 100_000
            while index < text.count, text[index] &- 0x30 < 10 {
                micros += Int(text[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        var zoneOffsetSeconds = 0
        if text.byte(index) == UInt8(ascii: "Z") {
            index += 1
        } else if let (seconds, end) = numericZone(text, index) {
            zoneOffsetSeconds = seconds
            index = end
        } else if text.byte(index) == UInt8(ascii: " ") {
            if let (seconds, end) = numericZone(text, index + 1) {
                zoneOffsetSeconds = seconds
                index = end
            } else {
                // A zone abbreviation: letters up to the next space.
                var end = index + 1
                while end < text.count, (text[end] | 0x20) &- UInt8(ascii: "a") < 26 { end += 1 }
                if end > index + 1 && end - index <= 7 { index = end }
            }
        }
        return (zoneOffsetSeconds, micros, index)
    }

    /// The timestamp at `offset` and the offset after it (after the zone when there is one).
    public static func parse(_ text: UnsafeRawBufferPointer, at offset: Int = 0) -> (microseconds: Int64, end: Int)? {
        @inline(__always)
        func digits(_ at: Int, _ length: Int) -> Int? {
            guard at + length <= text.count else { return nil }
            var value = 0
            for index in at..<(at + length) {
                let digit = text[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = digits(offset, 4), text.byte(offset + 4) == UInt8(ascii: "-"),
            let month = digits(offset + 5, 2), text.byte(offset + 7) == UInt8(ascii: "-"),
            let day = digits(offset + 8, 2),
            text.byte(offset + 10) == UInt8(ascii: " ") || text.byte(offset + 10) == UInt8(ascii: "T"),
            let hour = digits(offset + 11, 2), text.byte(offset + 13) == UInt8(ascii: ":"),
            let minute = digits(offset + 14, 2), text.byte(offset + 16) == UInt8(ascii: ":"),
            let second = digits(offset + 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        guard let (zoneOffsetSeconds, micros, index) = zoneFractionAndEnd(text, afterSecondsAt: offset + 19) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(zoneOffsetSeconds)
        return (seconds * 1_000_000 + Int64(micros), index)
    }

    /// `+01`, `+0100`, `+01:00`, `-05`.
    private static func numericZone(_ text: UnsafeRawBufferPointer, _ index: Int) -> (Int, Int)? {
        let sign = text.byte(index)
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        guard let (hours, afterHours) = text.integer(at: index + 1), afterHours - index - 1 == 2 || afterHours - index - 1 == 4 else {
            return nil
        }
        var seconds: Int
        var end = afterHours
        if afterHours - index - 1 == 4 {
            seconds = (hours / 100) * 3600 + (hours % 100) * 60
        } else {
            seconds = hours * 3600
            if text.byte(afterHours) == UInt8(ascii: ":"), let (minutes, afterMinutes) = text.integer(at: afterHours + 1) {
                seconds += minutes * 60
                end = afterMinutes
            }
        }
        return (sign == UInt8(ascii: "-") ? -seconds : seconds, end)
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `2026-11-25T13:52:13.730Z`, for JSONL output.
    public static func iso8601(_ microseconds: Int64) -> String {
        var bytes: [UInt8] = []
        appendISO8601(microseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-11-25T13:52:13.730000Z`, as bytes appended to `out` (civil date from days since
    /// 1970, Howard Hinnant's algorithm).
    public static func appendISO8601(_ microseconds: Int64, to out: inout [UInt8]) {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let micros = Int(microseconds - seconds * 1_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            // Out of range (a year past 9999): as many digits as it takes, rarely enough to allocate.
            if value < 0 || value >= divisor * 10 { return out.append(contentsOf: String(value).utf8) }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        out.append(UInt8(ascii: "-"))
        digits(month, 2)
        out.append(UInt8(ascii: "-"))
        digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        out.append(UInt8(ascii: "."))
        digits(micros, 6)
        out.append(UInt8(ascii: "Z"))
    }
}

import Foundation
import QueryLensCore
import SwiftProtobuf

/// The spans of an OTLP/HTTP protobuf request (`ExportTraceServiceRequest`), as the core's
/// `TraceSpan`s: the same attribute mapping as the JSON reader (`TraceSpan.apply`).
enum OTLPProtobufSpans {
    static func spans(in body: [UInt8]) throws -> [TraceSpan] {
        let request = try Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest(serializedBytes: body)
        var spans: [TraceSpan] = []
        for resource in request.resourceSpans {
            for scope in resource.scopeSpans {
                for span in scope.spans { spans.append(traceSpan(span)) }
            }
        }
        return spans
    }

    private static func traceSpan(_ span: Opentelemetry_Proto_Trace_V1_Span) -> TraceSpan {
        var parsed = TraceSpan()
        parsed.traceID = hex(span.traceID)
        parsed.spanID = hex(span.spanID)
        parsed.parentSpanID = hex(span.parentSpanID)
        parsed.kind = TraceSpan.Kind(rawValue: span.kind.rawValue) ?? .unspecified
        parsed.start = Int64(clamping: span.startTimeUnixNano)
        parsed.end = Int64(clamping: span.endTimeUnixNano)
        for attribute in span.attributes { parsed.apply(attribute: attribute.key, text: text(attribute.value)) }
        if span.status.code == .error { parsed.markFailed() }
        return parsed
    }

    /// An attribute value as text, as the JSON mapping spells it; `nil` for arrays and maps.
    private static func text(_ value: Opentelemetry_Proto_Common_V1_AnyValue) -> String? {
        switch value.value {
        case .stringValue(let text)?: return text
        case .boolValue(let flag)?: return flag ? "true" : "false"
        case .intValue(let number)?: return String(number)
        case .doubleValue(let number)?: return String(number)
        default: return nil
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// An all-zero id is no id (the spec's "invalid" trace and span ids).
    private static func hex(_ bytes: Data) -> String {
        guard bytes.contains(where: { $0 != 0 }) else { return "" }
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

import Foundation
import QueryLensCore
import SwiftProtobuf

/// The bodies OTLP/HTTP asks a receiver to answer with, in the encoding of the request:
/// `ExportTraceServiceResponse` on success (with `partial_success` when spans were rejected)
/// and a `google.rpc.Status` for every 4xx and 5xx.
enum OTLPResponses {
    enum Encoding {
        case protobuf, json

        var contentType: String { self == .protobuf ? "application/x-protobuf" : "application/json" }
    }

    static func success(rejectedSpans: Int, message: String?, encoding: Encoding) -> [UInt8] {
        var response = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceResponse()
        if rejectedSpans > 0 || message != nil {
            response.partialSuccess.rejectedSpans = Int64(rejectedSpans)
            response.partialSuccess.errorMessage = message ?? ""
        }
        switch encoding {
        case .protobuf: return (try? response.serializedBytes()) ?? []
        case .json: return (try? response.jsonUTF8Bytes()) ?? Array("{}".utf8)
        }
    }

    /// `google.rpc.Status` with a gRPC code (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14
    /// UNAVAILABLE): two fields, encoded by hand rather than generating `status.proto` for it.
    static func status(code: Int, message: String, encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .json:
            return Array("{\"code\":\(code),\"message\":\(JSONLWriter.quoted(message))}".utf8)
        case .protobuf:
            let text = Array(message.utf8)
            return [0x08] + varint(UInt64(code)) + [0x12] + varint(UInt64(text.count)) + text
        }
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }
}

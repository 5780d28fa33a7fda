import QueryLensCore
import Testing

/// URL templates: what makes the calls of one loop share a fingerprint, and two endpoints not.
@Suite("HTTP call templates")
struct HTTPCallTemplateTests {
    @Test(arguments: [
        ("GET http://prices:8080/price/7", "GET http://prices:8080/price/{id}"),
        ("get https://api.example.com/v1/users/0b7e1c9a-51f3-4e0f-9a55-1f3c2b6f8a10/avatar?size=64&fmt=png#top",
         "GET https://api.example.com/v1/users/{uuid}/avatar?size={}&fmt={}"),
        ("POST https://bot:s3cret@hooks.example.com/commits/4f9a1c0d2b7e6f8a9c1d", "POST https://hooks.example.com/commits/{hex}"),
        ("GET http://files/blobs/AbC123xyz789LMNOP4", "GET http://files/blobs/{token}"),
        ("GET /relative/path/with-words", "GET /relative/path/with-words"),
        ("DELETE http://x/a/12/b/34?force", "DELETE http://x/a/{id}/b/{id}?force"),
    ])
    func templates(call: String, expected: String) {
        #expect(HTTPCallTemplate.template(call).text == expected)
    }

    @Test func callsOfOneLoopShareAFingerprintAndNotTheirValues() {
        let one = HTTPCallTemplate.template("GET http://prices/price/1")
        let two = HTTPCallTemplate.template("GET http://prices/price/2")
        let again = HTTPCallTemplate.template("GET http://prices/price/1")
        #expect(one.fingerprint == two.fingerprint && one.values != two.values && one.values == again.values)
        #expect(HTTPCallTemplate.template("POST http://prices/price/1").fingerprint != one.fingerprint)
        #expect(HTTPCallTemplate.template("GET http://other/price/1").fingerprint != one.fingerprint)
    }

    @Test func aTemplateAlreadyHasNoValuesToCompare() {
        // `url.template` from the instrumentation: the ids are not in the span.
        #expect(HTTPCallTemplate.template("GET /price/{id}").values == AnalyzedEvent.unknownValues)
    }

    @Test func credentialsNeverSurvive() {
        #expect(HTTPCallTemplate.withoutCredentials("https://u:p@h/x?y@z") == "https://h/x?y@z")
        #expect(HTTPCallTemplate.withoutCredentials("https://h/x") == "https://h/x")
        #expect(HTTPCallTemplate.isCall("GET http://h/") && HTTPCallTemplate.isCall("POST /x") && !HTTPCallTemplate.isCall("DELETE FROM t"))
    }
}

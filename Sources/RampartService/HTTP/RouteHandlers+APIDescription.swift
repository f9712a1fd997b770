extension RouteHandlers {
    /// The OpenAPI document's bytes, made once.
    static let apiDescriptionBytes = Array(OpenAPIDocument.json.utf8)

    /// `GET /openapi.json`: the OpenAPI document (docs/openapi.yaml, compiled in as `OpenAPIDocument`). The router
    /// leaves the route out in production mode (`ServerDependencies.servesAPIDescription`), so it answers 404 there.
    func apiDescription(_ input: HandlerInput) async -> Reply {
        Reply(status: 200, body: Self.apiDescriptionBytes, contentType: "application/json")
    }
}

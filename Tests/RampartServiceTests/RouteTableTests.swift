import Foundation
import RampartService
import RampartYAML
import Testing

@Suite struct RouteTableTests {
    @Test func everyRegisteredRouteHasAnAuthRequirement() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "rampart-routes-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["rules", "profiles"] {
            try FileManager.default.copyItem(
                at: TestServer.packageRoot.appendingPathComponent(name),
                to: directory.appendingPathComponent(name)
            )
        }
        let registered = try await TestServer.makeServer(directory: directory).0.registeredRoutes()
        let table = Set(RouteTable.routes.map(\.key))
        for route in registered {
            #expect(table.contains(route), "route \(route) has no entry in RouteTable (no auth requirement)")
        }
        #expect(Set(registered) == table, "every table entry must be served")
    }

    @Test func openAPIDocumentListsExactlyTheRouteTable() throws {
        let path = TestServer.packageRoot.appendingPathComponent("docs/openapi.yaml").path
        let root = try YAMLLoader.load(contentsOf: path)
        var documented: Set<String> = []
        for pathPair in root.value(forKey: "paths")?.value.mapping ?? [] {
            for method in pathPair.value.mapping ?? [] {
                documented.insert("\(method.key.uppercased()) \(pathPair.key)")
            }
        }
        #expect(documented == Set(RouteTable.routes.map(\.key)))
    }
}

public import RampartExecution
import RampartStore

extension OrderDesk {
    /// Tests the stored credentials of `venue` against the venue this desk trades on (`serve --venue-url`, with its
    /// recvWindow and timeout), and audits the verdict as `actor`; the credentials are read from the vault now, so
    /// a key stored after the start is the one tested.
    public func testCredentials(
        venue name: String,
        actor: String
    ) async throws(CredentialTestError)
        -> CredentialReport
    {
        guard let venue else { throw .noVenueConfigured }
        guard name == venue.credentialsName else {
            throw .unknownVenue(requested: name, configured: venue.credentialsName)
        }
        let test = CredentialTest(
            venue: name,
            baseURL: venue.baseURL,
            recvWindow: venue.recvWindow,
            timeout: venue.timeout
        )
        return try await test.run(
            vault: CredentialVault(database: store.database, key: venue.masterKey, audit: audit),
            audit: audit,
            actor: actor
        )
    }
}

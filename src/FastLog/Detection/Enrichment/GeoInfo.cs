namespace FastLog.Detection.Enrichment;

/// <summary>
/// What a GeoIP database says about an address. The strings come from the database file: they
/// are data, escaped at every sink like log values (docs/reliability.md R7).
/// </summary>
/// <param name="CountryIsoCode">ISO 3166-1 alpha-2 code of <c>country.iso_code</c> (GeoLite2-Country/City), or null.</param>
/// <param name="AsNumber"><c>autonomous_system_number</c> (GeoLite2-ASN), or null.</param>
/// <param name="AsOrganization"><c>autonomous_system_organization</c> (GeoLite2-ASN), or null.</param>
public sealed record GeoInfo(string? CountryIsoCode, ulong? AsNumber, string? AsOrganization)
{
    /// <summary>Country and AS in one short cell, e.g. <c>DE AS3320 Deutsche Telekom AG</c>; empty when nothing is known.</summary>
    public string Summary()
    {
        var parts = new List<string>(3);
        if (CountryIsoCode is { } country) parts.Add(country);
        if (AsNumber is { } number) parts.Add($"AS{number}");
        if (AsOrganization is { } org) parts.Add(org);
        return string.Join(' ', parts);
    }
}

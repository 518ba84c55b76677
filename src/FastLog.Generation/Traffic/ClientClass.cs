namespace FastLog.Generation.Traffic;

/// <summary>What kind of software a client is; it steers which paths it asks for, whether it sends a referer, and its protocol.</summary>
internal enum ClientClass : byte
{
    /// <summary>A person's browser: any page, static files, referers.</summary>
    Browser,
    /// <summary>A search or SEO crawler: pages, robots.txt, sitemaps; no referer.</summary>
    Crawler,
    /// <summary>An HTTP library or command-line client: mostly the API.</summary>
    Tool,
    /// <summary>An internet-wide research scanner (Censys, Expanse): the home page and a few well-known files.</summary>
    Scanner,
    /// <summary>A health check or uptime monitor: one health endpoint, all day.</summary>
    Monitor,
}

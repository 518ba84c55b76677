namespace FastLog.Generation.Traffic;

/// <summary>What a request target is; it steers the status mix, the response size and the request time.</summary>
internal enum RequestKind : byte
{
    /// <summary>An HTML page.</summary>
    Page,
    /// <summary>CSS, JavaScript, images, fonts: fixed sizes, many 304s.</summary>
    Static,
    /// <summary>A JSON API route (numeric ids, UUIDs, collections with query strings).</summary>
    Api,
    /// <summary>A search or listing with a query string.</summary>
    Search,
    /// <summary>A page that no longer exists (old links): mostly 404.</summary>
    Missing,
    /// <summary>A form that is posted (login, checkout, contact).</summary>
    Form,
    /// <summary>A health endpoint polled by monitors.</summary>
    Health,
    /// <summary>robots.txt, sitemaps and feeds: what crawlers fetch.</summary>
    Feed,
}

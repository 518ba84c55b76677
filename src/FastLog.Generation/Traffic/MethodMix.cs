namespace FastLog.Generation.Traffic;

/// <summary>Which methods a target is requested with (per target, not per request: POST goes to collections and forms).</summary>
internal enum MethodMix : byte
{
    /// <summary>GET, a little HEAD and POST.</summary>
    Page,
    /// <summary>GET, a little HEAD.</summary>
    Static,
    /// <summary>GET and POST, a little OPTIONS (CORS preflight).</summary>
    ApiCollection,
    /// <summary>GET, PUT, PATCH, DELETE, a little OPTIONS.</summary>
    ApiItem,
    /// <summary>POST, a little GET.</summary>
    Form,
    /// <summary>GET only.</summary>
    Get,
}

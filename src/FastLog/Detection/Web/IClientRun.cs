namespace FastLog.Detection.Web;

/// <summary>
/// A per-client entry that holds the client's <see cref="ClientRun"/>: the web rules keep their
/// other per-client state beside it, so one record touches one entry, not one per rule.
/// </summary>
internal interface IClientRun<TSelf> where TSelf : struct, IClientRun<TSelf>
{
    /// <summary>The run inside <paramref name="client"/>.</summary>
    static abstract ref ClientRun Run(ref TSelf client);
}

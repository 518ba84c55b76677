namespace FastLog.Generation.Attacks;

/// <summary>The attack scenarios <c>--attacks default</c> injects (docs/detections.md W1–W11 are what they should trip).</summary>
public enum AttackKind
{
    /// <summary>One address posting to a login form, or sending basic-auth guesses, answered 401/403 (W9).</summary>
    BruteForce,
    /// <summary>A burst of requests for guessed paths, mostly 404 (W10).</summary>
    DirectoryScan,
    /// <summary>SQL injection strings in the query (W1).</summary>
    SqlInjection,
    /// <summary>../ sequences, plain and encoded, in the path and query (W2).</summary>
    PathTraversal,
    /// <summary>Script tags and event handlers in the query (W3).</summary>
    Xss,
    /// <summary><c>${jndi:ldap://…}</c> (Log4Shell) probes in the path, query, user agent or referer (W5).</summary>
    Jndi,
    /// <summary>Requests carrying a recon tool's user agent: sqlmap, Nikto, Nmap, masscan, Nuclei, … (W7).</summary>
    ReconTool,
    /// <summary>Enumeration of <c>.git/</c>, <c>.env</c> and other secret files (W8).</summary>
    SecretFiles,
    /// <summary>A scraper far above human request rates (W11).</summary>
    RateBot,
}

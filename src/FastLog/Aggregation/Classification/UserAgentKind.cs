namespace FastLog.Aggregation.Classification;

/// <summary>What <see cref="UserAgentClassifier"/> found in one user agent.</summary>
/// <param name="Class">browser, crawler, bot, scanner or other.</param>
/// <param name="Browser">Browser family (Edge, Opera, Firefox, Chrome, Safari, Internet Explorer, Other); meaningful for browsers.</param>
/// <param name="OperatingSystem">Operating system (Windows, Android, iOS, macOS, ChromeOS, Linux, Other); meaningful for browsers.</param>
public readonly record struct UserAgentKind(string Class, string Browser, string OperatingSystem);

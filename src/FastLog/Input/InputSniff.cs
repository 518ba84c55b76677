using FastLog.Formats;

namespace FastLog.Input;

/// <summary>What an input's first bytes decide: the format it is read as, or why it is skipped.</summary>
/// <param name="Format">The format to read it with (forced, detected, or combined when none fits); null when it is skipped.</param>
/// <param name="FormatGuessed">True when no format fitted a non-empty input and combined was assumed.</param>
/// <param name="SkippedDigest">True for a CloudTrail digest file, skipped unread.</param>
/// <param name="NotText">Why the input is skipped as not text (UTF-16, an executable, binary), or null.</param>
public readonly record struct InputSniff(ILogFormat? Format, bool FormatGuessed, bool SkippedDigest, string? NotText);

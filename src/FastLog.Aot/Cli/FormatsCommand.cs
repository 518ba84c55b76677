using System.Text;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Cli;

/// <summary><c>fastlog formats</c>: every format with its fields and their types.</summary>
public sealed class FormatsCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => CommandName.Formats;

    /// <summary>None read; any given is ignored.</summary>
    public IReadOnlyCollection<string>? FlagNames => null;

    /// <inheritdoc/>
    public int Run(CliArgs args, IConsole console)
    {
        FastLogApp.Write(console, Text());
        return 0;
    }

    /// <summary>The listing: one block per format, fields as <c>name:type</c>.</summary>
    public static string Text()
    {
        var sb = new StringBuilder();
        foreach (var format in FormatRegistry.All)
        {
            sb.Append(format.Name).Append(" — ").Append(format.Description).Append('\n');
            sb.Append("  fields: ").AppendJoin(", ", format.Fields.Select(f => $"{FieldNames.Name(f)}:{TypeName(FieldNames.Info(f))}")).Append("\n\n");
        }
        sb.Append("Every format also has hour (the UTC hour of ts). Absent values are null, printed '-'.\n");
        return sb.ToString();
    }

    private static string TypeName(FieldInfo info) => info.Kind switch
    {
        FieldKind.Address => "address",
        FieldKind.Integer => "int",
        FieldKind.Duration => "seconds",
        FieldKind.Time => "time",
        FieldKind.Hour => "hour",
        FieldKind.Symbol => "enum(" + string.Join('|', info.Symbols!) + ")",
        _ => "text",
    };
}

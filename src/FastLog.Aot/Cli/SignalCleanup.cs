using System.Runtime.InteropServices;
using FastLog.Output.Sinks;

namespace FastLog.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP remove every temporary output file (a multi-GB <c>filter -o</c> or
/// <c>convert -o</c> half-written file included), then the signal ends the process as it would
/// have without fastlog's handler: at once, with the status a shell reports as 130, 143 or 129.
/// </summary>
/// <remarks>
/// Ending at once, rather than cancelling the pipeline and unwinding, is what meets "Ctrl-C stops
/// within a second" whatever the run is doing (a worker inside a 1 GiB chunk, a blocked read on a
/// pipe, an fsync). A signal the parent set to be ignored (a background job's SIGINT) is not
/// delivered, so the handler never runs and the run completes normally.
/// </remarks>
public static class SignalCleanup
{
    // Referenced for the life of the process: a collected registration unregisters its handler.
    private static PosixSignalRegistration[]? s_registrations;

    /// <summary>Installs the handlers. Call once, before any output file is created.</summary>
    public static void Register()
    {
        s_registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    // Cancel stays false: the runtime then applies the signal's default action, which ends the process.
    private static void OnSignal(PosixSignalContext context)
    {
        AtomicFileStream.AbortAll();
        RunFeedback.EraseOnSignal();
    }
}

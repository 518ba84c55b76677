using FastLog.Cli;

// fastlog: command line -> CliOptions -> LogPipeline -> report -> exit code (see FastLogApp).
// First, before anything opens a file: a closed stdin, stdout or stderr is held by /dev/null.
StandardDescriptors.Reserve();
// Then, before any output file exists: SIGINT, SIGTERM and SIGHUP remove temporary output files.
SignalCleanup.Register();
return FastLogApp.Run(args, FastLogConsole.Instance);

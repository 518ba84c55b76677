using FastLog.Cli;

// fastlog: command line -> CliOptions -> LogPipeline -> report -> exit code (see FastLogApp).
// First, before anything opens a file: a closed stdin, stdout or stderr is held by /dev/null.
StandardDescriptors.Reserve();
return FastLogApp.Run(args, FastLogConsole.Instance);

using FastLog.Cli;

// fastlog: command line -> CliOptions -> LogPipeline -> report -> exit code (see FastLogApp).
return FastLogApp.Run(args, FastLogConsole.Instance);

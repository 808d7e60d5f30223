return Trellis.Cli.TrellisCli.Run(args, Console.Out, Console.Error);

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(HotPaths.CardBindingBenchmarks).Assembly).Run(args);

// Benchmarks for the engine live here (see docs/benchmarks.md); each is chosen by name:
//   dotnet run -c Release --project bench -- <name>
Console.WriteLine("usage: dotnet run -c Release --project bench -- <benchmark>; see docs/benchmarks.md");
return 2;

using Orchestrator.Benchmarks;

// Benchmarks of the engine; results and how to read them in docs/benchmarks.md. Each is chosen by name:
//   dotnet run -c Release --project bench -- <name> [--option value …]
var name = args.Length > 0 ? args[0] : "";
var options = BenchOptions.Parse(args.Skip(1));
if (options.Int("min-threads", 0) is > 0 and var minThreads)
{
    // diagnosis only: more thread-pool threads from the start (SQLite calls block the threads they run on)
    ThreadPool.GetMinThreads(out _, out var io);
    ThreadPool.SetMinThreads(minThreads, io);
}
Func<BenchOptions, Task<MarkdownTable>>[] benchmarks = name switch
{
    "inmemory" => [InMemoryBench.RunAsync],
    "persisted" => [PersistedBench.RunAsync],
    "latency" => [LatencyBench.RunAsync],
    "timers" => [TimerBench.RunAsync],
    "coldstart" => [ColdStartBench.RunAsync],
    "anatomy" => [AnatomyBench.RunAsync],
    "sla-clock" => [SlaClockBench.RunAsync],
    "sla-impact" => [SlaImpactBench.RunAsync],
    "inbox" => [InboxBench.RunAsync],
    "all" => [InMemoryBench.RunAsync, PersistedBench.RunAsync, LatencyBench.RunAsync, TimerBench.RunAsync, ColdStartBench.RunAsync],
    "coldstart-child" => [],
    _ => [],
};
if (name == "diag")
    return await Diag.RunAsync();
if (name == "coldstart-child")
    return await ColdStartBench.ChildRunAsync(options);
if (benchmarks.Length == 0)
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench -- <benchmark> [--option value …]
          inmemory   (a) no persistence, 10-activity sequence, ours vs WorkflowCore 3.22   --n --warmup --rounds --parallel
          persisted  (b) 5-activity sequence on SQLite and PostgreSQL vs raw commit rate  --m --batch --warmup --db sqlite|postgres --pg <conn>
          latency    (c, d) start → task visible, complete → next activity, SQLite        --samples --warmup --sync FULL,NORMAL
          timers     (e) timer lag, due → completed, real clock                            --spread --window --min-delay --burst
          coldstart  (f) first instance after the host boots, fresh processes             --runs
          all        every one of the above, in that order
          diag       checks that a commit writing a dispatch wakes the dispatcher in-process
          sla-clock  (g) one request's SLA due times under the sample policy, µs each           --n
          sla-impact (h) SLA impact preview over 100,000 open + 1,000,000 closed requests, SQLite and PostgreSQL  --open --closed --runs --db --reuse
          inbox      issue 9: inbox API / live / page with 100k open tasks, 1M finished; SQLite, PostgreSQL  --open --finished --requests --live --pages --db --reuse --views-only (no filtered queries) --sql (the profiled request's EF commands in full) --webroot DIR (another web UI build) --trace DIR (the last page load's Chromium trace) --browser-args="FLAGS" (more Chromium switches)
          anatomy    diagnosis for (b): one burst's database work replayed step by step, SQLite  --k --sync
        --quiet <load>: before each benchmark, wait (≤ 30 min) until the 1-minute load average is below <load>.
        PostgreSQL: --pg <connection string> or ORCHESTRATOR_TEST_POSTGRES (a database orchestrator_bench is dropped and created;
          --pg-database <name> names it instead, so two trees can bench on one server). SQLite files go under $TMPDIR/orchestrator-bench.
        """);
    return 2;
}
var tables = new List<MarkdownTable>();
foreach (var benchmark in benchmarks)
{
    if (options.Double("quiet", 0) is > 0 and var quiet)
    {
        // other work shares the machine: wait (at most 30 min) until the 1-minute load average is below the given value
        Console.WriteLine($"waiting for load average < {quiet} (now {Machine.LoadAverage()})");
        await Machine.WaitForQuietAsync(quiet, TimeSpan.FromMinutes(30));
    }
    tables.Add(await benchmark(options));
}
if (tables.Count > 1)
{
    Console.WriteLine();
    Console.WriteLine("## all results");
    foreach (var table in tables)
        table.Print();
}
return 0;

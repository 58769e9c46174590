using Notifications.Bench;

// bench-tools COMMAND [--option value]... — helpers for bench/run.sh; see bench/README.md.
var command = args.FirstOrDefault();
var options = Options.Parse(args.Skip(1));
return command switch
{
    "fake-acs" => await FakeAcsCommand.RunAsync(options),
    "send-loop" => await SendLoopCommand.RunAsync(options),
    "post-orders" => await PostOrdersCommand.RunAsync(options),
    "feed-read" => await FeedReadCommand.RunAsync(options),
    "feed-write" => await FeedWriteCommand.RunAsync(options),
    "stats-read" => await StatsReadCommand.RunAsync(options),
    "webhook-sink" => await WebhookSinkCommand.RunAsync(options),
    "gen-registry" => Generators.Registry(options),
    "gen-order" => Generators.Order(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: bench-tools fake-acs --key BASE64 [--latency-ms 20] [--throttle]
               bench-tools send-loop --endpoint URL --key BASE64 --count N --concurrency C
               bench-tools post-orders --url URL --token JWT --count N --rate PER_S --out FILE
               bench-tools feed-read --url URL --token JWT --entries N
               bench-tools feed-write --connection CONNECTION --count N --rate PER_S
               bench-tools stats-read --url URL --token JWT --requests N --to YYYY-MM-DD
               bench-tools webhook-sink
               bench-tools gen-registry --persons N --out FILE
               bench-tools gen-order (--emails N | --nins N) --send-time ISO8601 --out FILE
        """);
    return 2;
}

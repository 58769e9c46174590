namespace Notifications.Core.Statistics;

/// <summary>
/// The fixed, log-scale histogram that send delays are counted in (docs/statistics.md). Bucket 0 holds delays under
/// 1 ms; bucket k ≥ 1 holds [2^((k−1)/4), 2^(k/4)) ms, four buckets per doubling, so a bucket is 19 % wide; the last
/// bucket (<see cref="MaxBucket"/>, from about 41 days) is open. The database trigger places delays with the same
/// formula (statistics_delay_bucket in the Statistics migration; a persistence test pins the two together).
/// Percentiles are interpolated geometrically inside the bucket the rank falls in, so an answer is within one bucket
/// (at most 19 %) of the true value.
/// </summary>
public static class DelayHistogram
{
    public const int BucketsPerDoubling = 4;

    public const int MaxBucket = 128;

    /// <summary>The bucket of a delay in milliseconds; a negative delay (clocks apart) counts as 0.</summary>
    public static int BucketOf(double milliseconds) =>
        milliseconds < 1 ? 0 : Math.Min(MaxBucket, (int)Math.Floor(BucketsPerDoubling * Math.Log(milliseconds) / Math.Log(2)) + 1);

    /// <summary>Inclusive lower bound of a bucket, in milliseconds.</summary>
    public static double LowerBound(int bucket) => bucket == 0 ? 0 : Math.Pow(2, (bucket - 1) / (double)BucketsPerDoubling);

    /// <summary>Exclusive upper bound of a bucket, in milliseconds (the open last bucket has none: its lower bound).</summary>
    public static double UpperBound(int bucket) => bucket >= MaxBucket ? LowerBound(bucket) : Math.Pow(2, bucket / (double)BucketsPerDoubling);

    /// <summary>
    /// The <paramref name="quantile"/> (0 &lt; q ≤ 1) of the delays counted in <paramref name="counts"/> (index = bucket),
    /// in whole milliseconds; null when nothing was counted. The rank q·N falls in one bucket; the answer lies as far
    /// through that bucket, on a log scale (linearly in bucket 0), as the rank lies through the bucket's count.
    /// </summary>
    public static long? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = counts.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = quantile * total;
        var before = 0L;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            var count = counts[bucket];
            if (count <= 0 || before + count < rank)
            {
                before += Math.Max(0, count);
                continue;
            }

            var through = (rank - before) / count;
            var (low, high) = (LowerBound(bucket), UpperBound(bucket));
            var value = bucket == 0 ? low + ((high - low) * through) : low * Math.Pow(high / low, through);
            return (long)Math.Round(value, MidpointRounding.AwayFromZero);
        }

        return (long)Math.Round(LowerBound(counts.Count - 1), MidpointRounding.AwayFromZero);
    }
}

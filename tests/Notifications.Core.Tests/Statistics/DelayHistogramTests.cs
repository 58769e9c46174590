using Notifications.Core.Statistics;

namespace Notifications.Core.Tests.Statistics;

/// <summary>Buckets and interpolated percentiles, with the expected values worked out by hand (docs/statistics.md).</summary>
public sealed class DelayHistogramTests
{
    private static long[] Counts(params (int Bucket, long Count)[] counts)
    {
        var histogram = new long[DelayHistogram.MaxBucket + 1];
        foreach (var (bucket, count) in counts)
        {
            histogram[bucket] = count;
        }

        return histogram;
    }

    [TestCase(-5, 0)]
    [TestCase(0.99, 0)]
    [TestCase(1, 1)]
    [TestCase(1.2, 2)]
    [TestCase(1_000, 40)]
    [TestCase(1_024, 41)]
    [TestCase(1_500, 43)]
    [TestCase(3_600_000, 88)]
    [TestCase(1e13, 128)]
    public void BucketOf_IsFourBucketsPerDoublingFromOneMillisecond(double milliseconds, int bucket) =>
        Assert.That(DelayHistogram.BucketOf(milliseconds), Is.EqualTo(bucket));

    [Test]
    public void Bounds_OfBucket41_Are1024To1217Point75() =>
        Assert.That((DelayHistogram.LowerBound(41), DelayHistogram.UpperBound(41)), Is.EqualTo((1024.0, 1217.748)).Within(0.001));

    [Test]
    public void Percentile_InOneBucket_IsGeometricallyInterpolated()
    {
        // Ten delays in [1024, 1217.75): the median lies half-way on a log scale, 1024·2^(0.5/4) = 1116.68.
        var counts = Counts((41, 10));

        Assert.That(DelayHistogram.Percentile(counts, 0.5), Is.EqualTo(1117));
        Assert.That(DelayHistogram.Percentile(counts, 0.95), Is.EqualTo(1207)); // 1024·2^(0.95/4) = 1207.24
    }

    [Test]
    public void Percentile_AcrossBuckets_FindsTheBucketOfTheRank()
    {
        // One delay in [861.08, 1024), three in [1722.16, 2048). N = 4: the median's rank 2 is a third through the second
        // bucket: 1722.16·2^((1/3)/4) = 1824.56; p95's rank 3.8 is 2.8/3 through it: 1722.16·2^((2.8/3)/4) = 2024.48.
        var counts = Counts((40, 1), (44, 3));

        Assert.That(DelayHistogram.Percentile(counts, 0.5), Is.EqualTo(1825));
        Assert.That(DelayHistogram.Percentile(counts, 0.95), Is.EqualTo(2024));
        Assert.That(DelayHistogram.Percentile(counts, 0.25), Is.EqualTo(1024)); // rank 1 is the top of the first bucket
    }

    [Test]
    public void Percentile_InBucketZero_IsLinearFromZero() =>
        Assert.That(DelayHistogram.Percentile(Counts((0, 4)), 0.25), Is.EqualTo(0)); // 0.25 ms

    [Test]
    public void Percentile_OfNothing_IsNull() => Assert.That(DelayHistogram.Percentile(Counts(), 0.5), Is.Null);

    [Test]
    public void Percentile_InTheOpenLastBucket_IsItsLowerBound() =>
        Assert.That(DelayHistogram.Percentile(Counts((128, 2)), 0.5), Is.EqualTo(3_611_622_603)); // 2^31.75 ms
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RsPipeline.Gpu.Kernels;

namespace RsPipeline.Gpu.Tests;

public class LaunchPlanTests
{
    [Property(MaxTest = 300)]
    public Property Buckets_CoverTheCatalogueAndTilesFitTheGroup() => Prop.ForAll(
        (from rows in Gen.Choose(1, 4096)
         from items in Gen.OneOf(Gen.Choose(1, 5000), Gen.Choose(1, 20_000_000))
         from threads in Gen.Elements(1, 2, 4, 16, 64, 256, 1024)
         from k in Gen.Choose(1, 1000)
         select (Rows: rows, Items: items, Threads: threads, K: Math.Min(k, items))).ToArbitrary(),
        c =>
        {
            var (rows, items, threads, k) = c;
            var plan = LaunchPlan.For(rows, k, items, 64, threads);
            var shape = plan.Shape;
            Assert.Equal(threads, shape.ThreadsX * shape.ThreadsY);
            Assert.InRange(shape.ThreadsY, 1, ScanKernel.MaxThreadsY);
            Assert.True((long)shape.BucketCount * shape.BucketItems >= items);
            Assert.True((long)(shape.BucketCount - 1) * shape.BucketItems < items);
            Assert.True((long)shape.QueryBlocks * shape.TileRows >= rows);
            Assert.InRange(plan.InitialCapacity, Math.Min(k, items), items);
            Assert.True(shape.BucketCount >= k || plan.InitialCapacity == items, "too few buckets for a threshold, yet fewer than N slots");
        });

    [Fact]
    public void OneQuery_UsesWideTilesOfOneThreadRow()
    {
        var shape = LaunchPlan.For(1, 100, 10_000_000, 64, 256).Shape;

        Assert.Equal(1, shape.ThreadsY);
        Assert.Equal(1024, shape.TileColumns);
        Assert.True(shape.BucketCount >= LaunchPlan.MinBuckets);
    }
}

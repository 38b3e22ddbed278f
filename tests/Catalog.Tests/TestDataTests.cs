
namespace RsPipeline.TestSupport.Reference;

public class TestDataTests
{
    private static readonly string[] Files = ["README.md", "make_reference.py", "catalogue_5000x32.npy", "item_ids.txt", "queries.txt", "expected_top20.txt"];

    [Fact]
    public void VendoredCopy_IsCompleteAndByteIdenticalToSharedWhereSharedExists()
    {
        var vendored = TestData.VendoredDirectory!;
        var shared = TestData.SharedDirectory!;

        foreach (var file in Files)
        {
            var copy = Path.Combine(vendored, file);
            Assert.True(File.Exists(copy), $"{copy} is missing from the repository's copy of shared/testdata");
            if (Directory.Exists(shared))
            {
                Assert.True(File.ReadAllBytes(Path.Combine(shared, file)).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{file} differs from shared/testdata: copy it again");
            }
        }
    }
}

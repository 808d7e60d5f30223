using FsCheck;
using FsCheck.Fluent;
using Trellis.Layers;
using Trellis.Layers.Merging;
using Trellis.Models;
using Trellis.Saving;

namespace Trellis.Tests.Saving;

public sealed class FunctionalArchiveFuzzTests
{
    private static readonly Tensor s_a = Tensor.RandomNormal([2, 4], seed: 1);
    private static readonly Tensor s_b = Tensor.RandomNormal([2, 3], seed: 2);

    private static readonly Lazy<byte[]> s_archive = new(() =>
    {
        var a = Functional.Input([4], name: "a");
        var b = Functional.Input([3], name: "b");
        var shared = new Dense(4, activation: "relu", name: "shared");
        var sum = new Add(name: "sum").Apply([shared.Apply(a), shared.Apply(new Dense(4, name: "project").Apply(b))]);
        var inner = new Sequential([new Dense(3, name: "inner_dense"), new Dropout(0.2, seed: 1, name: "inner_drop")], "inner");
        var model = new Functional([a, b], [new Dense(2, name: "score").Apply(inner.Apply(sum)), new Activation("softmax", name: "label").Apply(sum)], name: "fuzzed");
        model.Compile("adam", ["mse", "categorical_crossentropy"], ["mae"], [1.0, 0.5]);
        model.Fit([s_a, s_b], [Tensor.RandomNormal([2, 2], seed: 3), Tensor.RandomUniform([2, 4], seed: 4)], epochs: 1, verbose: 0, seed: 5);
        return SavingTestSupport.SaveToBytes(model);
    });

    [Fact]
    public void Load_MutatedFunctionalArchives_LoadOrThrowTrellisFormatException()
    {
        byte[] original = s_archive.Value;
        Assert.IsType<Functional>(ModelArchive.Load(original, "fuzz.trellis"));
        int rejected = 0;
        var mutations = Arb.From(
            from kind in Gen.Elements(Enum.GetValues<ArchiveMutation.Kind>())
            from x in Gen.Choose(0, int.MaxValue)
            from y in Gen.Choose(0, int.MaxValue)
            from z in Gen.Choose(0, 1 << 20)
            select new ArchiveMutation(kind, x, y, z));

        var property = Prop.ForAll(mutations, mutation =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var model = (Functional)ModelArchive.Load(mutation.Apply(original), "fuzz.trellis");
                model.Apply([s_a, s_b]); // a mutation that keeps the archive valid must give a usable model
            }
            catch (TrellisFormatException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{mutation}: threw {e.GetType().Name} instead of TrellisFormatException: {e}", e);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{mutation} took {watch.Elapsed} (a hang?)");
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000).WithQuietOnSuccess(true), property);

        Assert.True(rejected > 5_000, $"only {rejected} of 10,000 mutations were rejected: the mutations are not reaching the archive");
    }
}

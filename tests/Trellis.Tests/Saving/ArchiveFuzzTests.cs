using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Saving;

namespace Trellis.Tests.Saving;

public sealed class ArchiveFuzzTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Lazy<byte[]> s_archive = new(() =>
    {
        var model = new Sequential(new Dense(5, activation: "relu", inputShape: [4]), new Dropout(0.2, seed: 1), new Dense(3, activation: "softmax"));
        model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
        model.Fit(Tensor.RandomNormal([8, 4], seed: 1), Tensor.RandomUniform([8, 3], seed: 2), epochs: 1, batchSize: 4, verbose: 0, seed: 3);
        return SavingTestSupport.SaveToBytes(model);
    });

    private static Arbitrary<ArchiveMutation> Mutations =>
        Arb.From(
            from kind in Gen.Elements(Enum.GetValues<ArchiveMutation.Kind>())
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            from c in Gen.Choose(0, 1 << 20)
            select new ArchiveMutation(kind, a, b, c));

    [Fact]
    public void Load_MutatedArchives_LoadOrThrowTrellisFormatExceptionNamingTheProblem()
    {
        byte[] original = s_archive.Value;
        Assert.IsType<Sequential>(ModelArchive.Load(original, "fuzz.trellis"));
        var failures = new Dictionary<ArchiveMutation.Kind, int>();
        var times = new Dictionary<ArchiveMutation.Kind, TimeSpan>();
        var messages = new Dictionary<ArchiveMutation.Kind, string>();
        int cases = 0;
        var slowest = TimeSpan.Zero;
        long maxAllocated = 0;
        var total = Stopwatch.StartNew();

        var property = Prop.ForAll(Mutations, mutation =>
        {
            byte[] damaged = mutation.Apply(original);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                var model = ModelArchive.Load(damaged, "fuzz.trellis");
                // A mutation that keeps the archive valid (a timestamp byte, an unused key) must give a usable model.
                model.Predict(Tensor.Zeros([2, 4]));
            }
            catch (TrellisFormatException e)
            {
                failures[mutation.What] = failures.GetValueOrDefault(mutation.What) + 1;
                messages[mutation.What] = e.Message;
                if (e.Message.Length < 20 || !(e.Message.Contains("fuzz.trellis", StringComparison.Ordinal) || e.Message.Contains(".json", StringComparison.Ordinal)
                    || e.Message.Contains("model.weights", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"{mutation}: the message does not say where the problem is: {e.Message}", e);
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{mutation}: threw {e.GetType().Name} instead of TrellisFormatException: {e}", e);
            }
            var elapsed = watch.Elapsed;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            maxAllocated = Math.Max(maxAllocated, allocated);
            slowest = elapsed > slowest ? elapsed : slowest;
            times[mutation.What] = times.GetValueOrDefault(mutation.What) + elapsed;
            Assert.True(elapsed < TimeSpan.FromSeconds(5), $"{mutation} took {elapsed} (a hang?)");
            cases++;
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000).WithQuietOnSuccess(true), property);

        output.WriteLine($"{cases} cases in {total.Elapsed}, slowest {slowest}, most allocated by one load {maxAllocated} bytes for a {original.Length}-byte archive");
        foreach (var (kind, time) in times)
        {
            output.WriteLine($"{kind}: {failures.GetValueOrDefault(kind)} rejected, {time.TotalSeconds:0.0} s loading; e.g. {messages.GetValueOrDefault(kind)}");
        }
        Assert.Equal(10_000, cases);
        // The reader's own bound is 64x the archive plus 1 MiB for inflated members; the rest is the model itself.
        Assert.True(maxAllocated < SafeArchiveReader.MaxInflation(original.Length) + (4 << 20), $"One load allocated {maxAllocated} bytes.");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(90), $"10,000 cases took {total.Elapsed}; slowest {slowest}.");
        // Every kind of damage was produced and most of them were caught.
        Assert.Equal(Enum.GetValues<ArchiveMutation.Kind>().Length, failures.Count);
        Assert.True(failures.Values.Sum() > 8_000, "Too few mutations were rejected: " + string.Join(", ", failures));
    }
}

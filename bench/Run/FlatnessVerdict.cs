using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>
/// Whether a soak's series (memory, handles, threads, sampled every minute) stayed flat. The
/// samples are cut into thirds; the first third is warm-up (JIT, pools, caches filling) and is
/// ignored. The series is flat when the mean of the last third exceeds the mean of the second
/// third by no more than the larger of <c>relativeTolerance</c> × the second third's mean and
/// <c>absoluteTolerance</c> (the series' own noise, e.g. a GC cycle or clients away at the
/// moment of the sample). A leak grows steadily, so it shows as the last third above the second;
/// one bump does not move a third's mean much. See bench/README.md.
/// </summary>
public sealed record FlatnessVerdict(bool? Flat, double SecondThirdMean, double LastThirdMean, double Allowed)
{
    // Fewer samples than this have no second and last third to compare.
    public const int MinimumSamples = 3;

    public double Growth => LastThirdMean - SecondThirdMean;

    public static FlatnessVerdict Judge(IReadOnlyList<double> samples, double relativeTolerance, double absoluteTolerance)
    {
        if (samples.Count < MinimumSamples)
        {
            return new FlatnessVerdict(null, double.NaN, double.NaN, double.NaN);
        }
        var third = samples.Count / 3;
        var second = samples.Skip(third).Take(third).Average();
        var last = samples.Skip(samples.Count - third).Average();
        var allowed = Math.Max(relativeTolerance * Math.Abs(second), absoluteTolerance);
        return new FlatnessVerdict(last - second <= allowed, second, last, allowed);
    }

    /// <summary>E.g. "flat: 412 → 415 MB (+0.7 %, allowed +41)"; <paramref name="scale"/> divides the values for display.</summary>
    public string Describe(string unit, double scale = 1)
    {
        if (Flat is null)
        {
            return $"no verdict (fewer than {MinimumSamples} samples)";
        }
        var change = SecondThirdMean == 0 ? "" : $"{Growth / SecondThirdMean * 100:+0.0;-0.0;0.0} %, ";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(Flat.Value ? "flat" : "GROWING")}: {SecondThirdMean / scale:N1} → {LastThirdMean / scale:N1} {unit} ({change}allowed +{Allowed / scale:N1})");
    }
}

using Microsoft.Extensions.Options;

namespace EventStreams.Hosting.Tests;

public sealed class OptionErrorsTests
{
    [Fact]
    public void Message_NothingAdded_IsNull()
    {
        var errors = new OptionErrors();
        errors.Add(null);

        Assert.Null(errors.Message);
    }

    [Fact]
    public void Of_SeveralFailedChecks_NamesEveryOneInOrder()
    {
        Assert.Equal("A:X must be positive. A:Y must not be empty.",
            OptionErrors.Of("A:X must be positive.", null, "A:Y must not be empty."));
    }

    [Fact]
    public void Describe_SeveralOptionsFailingAtStart_ReportsEveryMessage()
    {
        var failure = new AggregateException(
            new OptionsValidationException("A", typeof(object), ["A:X must be positive."]),
            new OptionsValidationException("B", typeof(object), ["B:Y must not be empty."]));

        Assert.Equal("A:X must be positive. B:Y must not be empty.", StartupFailure.Describe(failure));
    }
}

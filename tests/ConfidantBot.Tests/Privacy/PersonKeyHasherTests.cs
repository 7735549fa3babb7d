using ConfidantBot.Privacy.Hashing;

namespace ConfidantBot.Tests.Privacy;

public sealed class PersonKeyHasherTests : IDisposable
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string OtherTenant = "0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8";
    private const string Person = "6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab";

    private readonly TemporaryKeyFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Same_person_gets_the_same_hash_whatever_the_case_or_instance()
    {
        var first = await new PersonKeyHasher(folder.NewProvider()).HashAsync(Tenant, Person);
        var second = await new PersonKeyHasher(folder.NewProvider()).HashAsync(Tenant.ToUpperInvariant(), "{" + Person.ToUpperInvariant() + "}");

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first.Value);
    }

    [Fact]
    public async Task Same_object_id_in_another_tenant_gets_another_hash()
    {
        var hasher = new PersonKeyHasher(folder.NewProvider());

        Assert.NotEqual(await hasher.HashAsync(Tenant, Person), await hasher.HashAsync(OtherTenant, Person));
    }

    [Fact]
    public async Task Another_key_gives_another_hash_so_a_guess_cannot_be_checked_without_the_key()
    {
        using var otherFolder = new TemporaryKeyFolder();

        var hash = await new PersonKeyHasher(folder.NewProvider()).HashAsync(Tenant, Person);
        var otherKeyHash = await new PersonKeyHasher(otherFolder.NewProvider()).HashAsync(Tenant, Person);

        Assert.NotEqual(hash, otherKeyHash);
    }

    [Fact]
    public async Task The_hash_contains_no_part_of_the_ids()
    {
        var hash = (await new PersonKeyHasher(folder.NewProvider()).HashAsync(Tenant, Person)).Value;

        foreach (var part in Person.Split('-').Concat(Tenant.Split('-')).Where(p => p.Length >= 5))
        {
            Assert.DoesNotContain(part, hash, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(Person.Replace("-", "", StringComparison.Ordinal), hash, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", Person)]
    [InlineData(Tenant, " ")]
    public async Task A_missing_id_is_refused(string tenant, string person)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new PersonKeyHasher(folder.NewProvider()).HashAsync(tenant, person).AsTask());
    }
}

using FastLog.Generation.Attacks;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Web;

/// <summary>
/// The background web traffic model of every access-log generator (clients, targets, methods,
/// statuses, sizes, times, referers): CLF, w3c and alb draw their requests from it alike, so a
/// w3c or alb log has the traffic shape of a combined log of the same seed.
/// </summary>
internal sealed class WebTraffic
{
    /// <summary>Share (per 65,536) of browser requests that carry a referer: about 55 %.</summary>
    private const uint RefererPer65536 = 36_045;

    private readonly ClientPool _clients;
    private readonly UserAgentCatalog _agents;
    private readonly RequestPool _requests;
    private readonly RefererPool _referers;
    private readonly ResponseModel _responses;
    private readonly MethodModel _methods;

    /// <summary>Renders the scenario requests of the run's attack plan.</summary>
    public AttackRenderer Renderer { get; }

    /// <summary>Builds the model for a log of about <paramref name="expectedLines"/> lines.</summary>
    public WebTraffic(long expectedLines, AttackPlan plan, ulong seed)
    {
        _agents = new UserAgentCatalog();
        _clients = new ClientPool(expectedLines, _agents, seed);
        _requests = new RequestPool(seed);
        _referers = new RefererPool(_requests, seed);
        _responses = new ResponseModel();
        _methods = new MethodModel();
        Renderer = new AttackRenderer(plan, _requests, seed);
    }

    /// <summary>
    /// Fills <paramref name="record"/> (all but its time) with one background request; a transient
    /// visitor's address is written into <paramref name="scratch"/> (64 bytes), which the record
    /// then points into. Returns the kind of the target.
    /// </summary>
    public RequestKind Sample(ref Xoshiro256PlusPlus rng, ref AccessRecord record, Span<byte> scratch)
    {
        ClientClass cls;
        int agent;
        byte protocol;
        bool noAuthErrors;
        if (rng.Chance(ClientPool.TransientPer65536))
        {
            var address = new ByteCursor(scratch, 0);
            ClientPool.WriteTransientAddress(ref address, ref rng);
            record.Ip = scratch[..address.Position];
            cls = ClientClass.Browser;
            agent = _clients.SampleBrowserAgent(ref rng);
            protocol = rng.Chance(42_598) ? (byte)1 : (byte)0;
            noAuthErrors = false;
        }
        else
        {
            ref readonly var client = ref _clients.Sample(ref rng);
            record.Ip = _clients.Addresses[client.Ip];
            if (client.User >= 0) record.User = _clients.Users[client.User];
            cls = client.Class;
            agent = client.RotatesAgent ? _clients.SampleBrowserAgent(ref rng) : client.Agent;
            protocol = client.Protocol;
            noAuthErrors = client.NoAuthErrors;
        }
        var target = _requests.Sample(cls, ref rng);
        var kind = _requests.Kinds[target];
        var method = _methods.Sample(_requests.Mixes[target], ref rng);
        // A form fetched with GET is just its page.
        var status = _responses.SampleStatus(kind == RequestKind.Form && method == MethodModel.Get ? RequestKind.Page : kind, ref rng);
        if (noAuthErrors && status is 401 or 403) status = 200;
        var bits = rng.NextUInt64();
        record.Method = MethodModel.Names[method];
        record.Target = _requests.Targets[target];
        record.Protocol = ClientPool.Protocols[protocol];
        record.Status = status;
        record.Bytes = ResponseModel.Size(kind, status, _requests.BaseSizes[target], method == MethodModel.Head, bits);
        record.Millis = _responses.Millis(kind, status, bits >> 24);
        if (cls == ClientClass.Browser && rng.Chance(RefererPer65536)) record.Referer = _referers.Sample(ref rng);
        record.Agent = _agents.Agents[agent];
        return kind;
    }
}

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
    /// <summary><c>--id-paths</c> as a threshold on 53 random bits (2^53 = every request), 0 when off.</summary>
    private readonly ulong _idThreshold;

    /// <summary>Bytes of scratch <see cref="Sample"/> needs: a transient address, then a target with an id.</summary>
    public const int ScratchBytes = AddressScratch + TargetScratch;
    private const int AddressScratch = 64;
    private const int TargetScratch = 448;

    /// <summary>Renders the scenario requests of the run's attack plan.</summary>
    public AttackRenderer Renderer { get; }

    /// <summary>Builds the model for a log of about <paramref name="expectedLines"/> lines, shaped by <paramref name="shape"/>.</summary>
    public WebTraffic(long expectedLines, AttackPlan plan, ulong seed, TrafficShape? shape = null)
    {
        shape ??= TrafficShape.Default;
        _agents = new UserAgentCatalog(shape.Agents);
        _clients = new ClientPool(expectedLines, _agents, seed, shape.Clients);
        _requests = new RequestPool(seed, shape.Paths ?? RequestPool.DefaultSize);
        _idThreshold = (ulong)Math.Round(Math.Clamp(shape.IdPaths, 0, 1) * (1UL << 53));
        _referers = new RefererPool(_requests, seed);
        _responses = new ResponseModel();
        _methods = new MethodModel();
        Renderer = new AttackRenderer(plan, _requests, seed);
    }

    /// <summary>
    /// Fills <paramref name="record"/> (all but its time) with one background request; a transient
    /// visitor's address and a target with an id are written into <paramref name="scratch"/>
    /// (<see cref="ScratchBytes"/>), which the record then points into. Returns the kind of the target.
    /// </summary>
    public RequestKind Sample(ref Xoshiro256PlusPlus rng, ref AccessRecord record, Span<byte> scratch)
    {
        ClientClass cls;
        int agent;
        byte protocol;
        bool noAuthErrors;
        // The knobs draw only when set, so the default stream (and log) stays as it was.
        if (_clients.HasTransients && rng.Chance(ClientPool.TransientPer65536))
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
        if (_idThreshold != 0 && (rng.NextUInt64() >> 11) < _idThreshold)
            record.Target = WithId(_requests.Targets[target], 1 + (rng.NextUInt64() >> 16), scratch.Slice(AddressScratch, TargetScratch));
        record.Protocol = ClientPool.Protocols[protocol];
        record.Status = status;
        record.Bytes = ResponseModel.Size(kind, status, _requests.BaseSizes[target], method == MethodModel.Head, bits);
        record.Millis = _responses.Millis(kind, status, bits >> 24);
        if (cls == ClientClass.Browser && rng.Chance(RefererPer65536)) record.Referer = _referers.Sample(ref rng);
        record.Agent = _agents.Agents[agent];
        return kind;
    }

    /// <summary>
    /// <paramref name="target"/> with <paramref name="id"/> (at most 15 digits) in its last path
    /// segment, written into <paramref name="room"/>: <c>/static/js/app.js</c> becomes
    /// <c>/static/js/app-812.js</c> (its extension kept, so it stays a static file), <c>/search?q=a</c>
    /// becomes <c>/search/812?q=a</c>. A target too long for the room is left as it is.
    /// </summary>
    private static ReadOnlySpan<byte> WithId(ReadOnlySpan<byte> target, ulong id, Span<byte> room)
    {
        if (target.Length + 17 > room.Length) return target;
        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        var segment = path.LastIndexOf((byte)'/') + 1;
        var dot = path[segment..].IndexOf((byte)'.');
        var cut = dot > 0 ? segment + dot : path.Length;
        var c = new ByteCursor(room, 0);
        c.Write(target[..cut]);
        if (dot > 0) c.Write((byte)'-');
        else if (segment < path.Length) c.Write((byte)'/'); // "/blog/" takes the id as its last segment
        c.WriteDecimal(id);
        c.Write(target[cut..]);
        return room[..c.Position];
    }
}

namespace FastLog.Generation.Traffic;

/// <summary>One background client: its address, its (sticky) user agent, its user and protocol.</summary>
/// <param name="Ip">Index of the address in <see cref="ClientPool.Addresses"/>.</param>
/// <param name="Agent">Index of its user agent in the catalog (ignored when <paramref name="RotatesAgent"/>).</param>
/// <param name="User">Index of its user name, or -1 for <c>-</c>.</param>
/// <param name="Protocol">Index into <see cref="ClientPool.Protocols"/>.</param>
/// <param name="Class">What it is.</param>
/// <param name="RotatesAgent">A NAT gateway or proxy with many people behind it: a browser agent per request.</param>
/// <param name="NoAuthErrors">A heavy hitter that never sees 401/403 (crawlers and monitors of public pages).</param>
internal readonly record struct ClientProfile(int Ip, short Agent, short User, byte Protocol, ClientClass Class, bool RotatesAgent, bool NoAuthErrors);

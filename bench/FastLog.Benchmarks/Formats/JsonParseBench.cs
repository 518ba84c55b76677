using System.Text;
using BenchmarkDotNet.Attributes;
using FastLog.Benchmarks.Data;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Json;
using FastLog.Input;

namespace FastLog.Benchmarks.Formats;

/// <summary>
/// The JSON record parser on CloudTrail events, one per line (the NDJSON shape), fed by the real
/// <see cref="LineBlockCutter"/> over a 4 MiB in-memory block, into batches a consumer only
/// counts; and the same events as one <c>{"Records":[…]}</c> file read through
/// <see cref="RecordsReframingStream"/> first. Target (issue 4): 500 MB/s per core on NDJSON.
/// </summary>
/// <remarks>
/// Events are generated from a fixed seed in the shape of real CloudTrail records (~1.2 KB:
/// userIdentity with a session context, request parameters, resources, tlsDetails, some
/// errorCode/errorMessage pairs, a few escaped strings), so most bytes are values the parser
/// skips, as in real trails. The corpus is not read: benchmarks use no files outside the repo.
/// </remarks>
[MemoryDiagnoser]
public class JsonParseBench
{
    private const int BlockBytes = 4 << 20;
    private static readonly Lazy<byte[]> s_ndjson = new(() => GenerateEvents(BlockBytes));
    private static readonly Lazy<byte[]> s_records = new(() => AsRecordsFile(s_ndjson.Value));

    /// <summary>Input size of one operation (used by the MB/s column).</summary>
    public static long BytesPerOperation => s_ndjson.Value.Length;

    /// <summary>Lines in the input of one operation (used by the ns/line column).</summary>
    public static long LinesPerOperation => s_ndjson.Value.AsSpan().Count((byte)'\n');

    private LineBlockCutter _cutter = null!;
    private readonly CountingConsumer _consumer = new();
    private long _fileOffset;

    /// <summary>One parser and cutter, as one pipeline worker has; checks every event parses.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _cutter = new LineBlockCutter(new CloudTrailFormat().CreateParser(default, FormatSettings.Default), new ParseCounters(), _consumer);
        if (Ndjson() != LinesPerOperation) throw new InvalidOperationException("not every generated event parsed");
        if (RecordsFile() != LinesPerOperation) throw new InvalidOperationException("not every reframed event parsed");
    }

    /// <summary>Parses the NDJSON block; returns the records handed over.</summary>
    [Benchmark(Baseline = true)]
    public long Ndjson()
    {
        _consumer.Records = 0;
        var cursor = new LineBlockCutter.Cursor { FileOffset = _fileOffset };
        _cutter.Feed(s_ndjson.Value, final: true, ref cursor);
        _fileOffset = cursor.FileOffset;
        return _consumer.Records;
    }

    /// <summary>Reframes the Records file and parses its lines, as a reframed input is read.</summary>
    [Benchmark]
    public long RecordsFile()
    {
        _consumer.Records = 0;
        var cursor = new LineBlockCutter.Cursor { FileOffset = _fileOffset };
        using var stream = new RecordsReframingStream(new MemoryStream(s_records.Value, writable: false));
        _cutter.FeedStream(stream, ref cursor);
        _fileOffset = cursor.FileOffset;
        return _consumer.Records;
    }

    /// <summary>About <paramref name="bytes"/> of CloudTrail-shaped events, one per line, from a fixed seed.</summary>
    public static byte[] GenerateEvents(int bytes)
    {
        var random = new SplitMix64(20230710);
        string[] names = ["GetObject", "DescribeInstances", "AssumeRole", "ConsoleLogin", "ListBuckets", "Decrypt", "GetUser", "PutObject"];
        string[] sources = ["s3.amazonaws.com", "ec2.amazonaws.com", "sts.amazonaws.com", "signin.amazonaws.com", "kms.amazonaws.com", "iam.amazonaws.com"];
        string[] ips = ["192.168.10.20", "10.8.8.10", "AWS Internal", "203.0.113.7", "secretsmanager.amazonaws.com"];
        var sb = new StringBuilder(bytes + 4096);
        for (var n = 0; sb.Length < bytes; n++)
        {
            var name = names[random.Below((uint)names.Length)];
            var source = sources[random.Below((uint)sources.Length)];
            var ip = ips[random.Below((uint)ips.Length)];
            var failed = random.Below(5) == 0;
            sb.Append("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDATFQR7NSC5U6Q3TMDR\",")
              .Append("\"arn\":\"arn:aws:iam::123837392027:user/user").Append(n % 37).Append("\",\"accountId\":\"123837392027\",")
              .Append("\"accessKeyId\":\"ASIATFQR7NSCTM3XVF6B\",\"userName\":\"user").Append(n % 37).Append("\",\"sessionContext\":{\"sessionIssuer\":{},")
              .Append("\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"2023-07-10T11:42:31Z\",\"mfaAuthenticated\":\"true\"}}},")
              .Append("\"eventTime\":\"2023-07-10T").Append((11 + n / 3600 % 12).ToString("00")).Append(':').Append((n / 60 % 60).ToString("00")).Append(':').Append((n % 60).ToString("00")).Append("Z\",")
              .Append("\"eventSource\":\"").Append(source).Append("\",\"eventName\":\"").Append(name).Append("\",\"awsRegion\":\"us-east-1\",")
              .Append("\"sourceIPAddress\":\"").Append(ip).Append("\",\"userAgent\":\"[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.4.247-169.350.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]\",");
            if (failed) sb.Append("\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: arn:aws:iam::123837392027:user/x is not authorized to perform: \\\"").Append(name).Append("\\\"\",");
            sb.Append("\"requestParameters\":{\"bucketName\":\"baker221b-bucketssecuritylogsbef08b3e-13nrzhi7fcs7w\",\"Host\":\"baker221b.s3.us-east-1.amazonaws.com\",\"maxResults\":").Append(n % 100).Append("},")
              .Append("\"responseElements\":null,\"additionalEventData\":{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"bytesTransferredIn\":0,\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"RBVZE1aP5ZIWKUdG1hjRObcaPvsi1R4sMQr7GV+WPWocwL/I0cZVMkXnNBc55YA7mS056DtQDEI=\",\"bytesTransferredOut\":375},")
              .Append("\"requestID\":\"CC9X0N62QREGTBMN\",\"eventID\":\"293ba626-3be5-4a26-ab1b-").Append(n.ToString("x12")).Append("\",\"readOnly\":true,")
              .Append("\"resources\":[{\"accountId\":\"123837392027\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::baker221b\"}],")
              .Append("\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"123837392027\",\"eventCategory\":\"Management\",")
              .Append("\"tlsDetails\":{\"tlsVersion\":\"TLSv1.2\",\"cipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\",\"clientProvidedHostHeader\":\"baker221b.s3.us-east-1.amazonaws.com\"}}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The events as one delivery file: <c>{"Records":[e1,e2,…]}</c>.</summary>
    private static byte[] AsRecordsFile(byte[] ndjson)
    {
        var text = Encoding.UTF8.GetString(ndjson).TrimEnd('\n').Replace("\n", ",", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes("{\"Records\":[" + text + "]}\n");
    }

    /// <summary>Counts records (an interface call per batch, as the pipeline makes), nothing else.</summary>
    private sealed class CountingConsumer : IBatchConsumer
    {
        public long Records;

        public void Consume(FastLog.Columns.LogBatch batch, ReadOnlySpan<byte> block) => Records += batch.Count;
    }
}

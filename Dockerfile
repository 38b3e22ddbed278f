# syntax=docker/dockerfile:1
# RsPipeline server image: the .NET SDK builds, the ASP.NET Core runtime runs (no SDK in the final
# image), as the runtime image's non-root user `app`, ready for a read-only root filesystem (the
# only writes go to TMPDIR: mount a writable emptyDir there). Build from the repository root:
#   docker build -t rspipeline .
# tests/Host.Tests/Deploy/PublishedServerTests runs this file's publish command and starts its output
# from a read-only copy; keep the `dotnet publish` line below in one line.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The build context is the repository less what .dockerignore leaves out (tests, perf, bin, obj, ...).
COPY . .
RUN --mount=type=cache,id=rspipeline-nuget,target=/root/.nuget/packages \
    dotnet publish Host/Host.csproj -c Release -r linux-x64 --self-contained false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# TMPDIR: where the server writes anything at all (the patched LibTorchSharp copy when LibTorch is
# loaded, .NET's diagnostic sockets); mount a writable emptyDir on it and keep the root read-only.
# ASPNETCORE_HTTP_PORTS: the base image's default listener is unused; the server binds its own
# ports from configuration (Server:Port, Telemetry:MetricsPort).
ENV TMPDIR=/tmp \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1
# 50051: gRPC (h2c, Server:Port); 9464: Prometheus /metrics (HTTP/1.1, Telemetry:MetricsPort).
EXPOSE 50051 9464
# The runtime image's non-root user (uid 1654, `app`).
USER $APP_UID
ENTRYPOINT ["dotnet", "RsPipeline.Host.dll"]

# escape=`
# A Windows image: backtick continues lines, backslashes are path separators.
FROM mcr.microsoft.com/dotnet/sdk:11.0-nanoserver-ltsc2025 AS build
WORKDIR C:\source

COPY --link AspNetCoreRazorApp/*.csproj .
RUN dotnet restore

COPY --link AspNetCoreRazorApp/. .
RUN dotnet publish --no-restore `
    -o C:\app


FROM mcr.microsoft.com/dotnet/aspnet:11.0-nanoserver-ltsc2025
EXPOSE 8080
WORKDIR C:\app
COPY --link --from=build C:\app .
USER ContainerUser
HEALTHCHECK CMD curl -sf --show-error http://localhost:8080/healthz || exit 1
ENTRYPOINT ["AspNetCoreRazorApp"]

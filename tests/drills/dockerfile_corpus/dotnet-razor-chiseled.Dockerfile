# Building .NET images: https://github.com/dotnet/dotnet-docker/blob/main/samples/README.md
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:11.0-resolute AS build
ARG TARGETARCH
WORKDIR /source

# project file first, restore as its own layer
COPY --link AspNetCoreRazorApp/*.csproj .
RUN dotnet restore -a $TARGETARCH

COPY --link AspNetCoreRazorApp/. .
RUN dotnet publish -a $TARGETARCH --no-restore -o /app


FROM mcr.microsoft.com/dotnet/aspnet:11.0-resolute-chiseled
EXPOSE 8080
WORKDIR /app
COPY --link --from=build /app .
ENTRYPOINT ["./AspNetCoreRazorApp"]

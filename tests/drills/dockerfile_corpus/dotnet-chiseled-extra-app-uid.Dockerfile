FROM mcr.microsoft.com/dotnet/sdk:8.0-jammy AS build
WORKDIR /src
COPY *.sln .
COPY Api/*.csproj Api/
RUN dotnet restore
COPY . .
RUN dotnet publish Api -c Release -o /app --self-contained -r linux-x64

FROM mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled-extra
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENTRYPOINT ["./Api"]

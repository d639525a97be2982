# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
RUN Invoke-WebRequest -OutFile node.zip https://nodejs.org/dist/v20.11.0/node-v20.11.0-win-x64.zip; `
    Expand-Archive node.zip -DestinationPath C:\; `
    Remove-Item node.zip
COPY package.json package-lock.json ./
RUN C:\node-v20.11.0-win-x64\npm.cmd ci --omit=dev
COPY . .
USER ContainerUser
CMD ["C:\\node-v20.11.0-win-x64\\node.exe", "server.js"]

FROM ruby:3.3-slim-bookworm
RUN apt-get update -qq && apt-get install --no-install-recommends -y build-essential libpq-dev && rm -rf /var/lib/apt/lists /var/cache/apt/archives
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
RUN useradd rails --create-home --shell /bin/bash && chown -R rails:rails db log tmp
USER rails:rails
ENTRYPOINT /rails/bin/docker-entrypoint
CMD ["./bin/rails", "server"]

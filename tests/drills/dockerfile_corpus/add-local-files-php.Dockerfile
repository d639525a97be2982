FROM php:8.3-apache
ADD . /var/www/html/
RUN chown -R www-data:www-data /var/www/html
EXPOSE 80

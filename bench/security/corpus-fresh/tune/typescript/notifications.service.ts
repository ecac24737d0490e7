import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { PrismaService } from './prisma.service';
import { randomBytes } from 'node:crypto';
import { firstValueFrom } from 'rxjs';

@Injectable()
export class NotificationsService {
  private readonly pushApi = 'https://push.example-provider.com/v1';

  constructor(private readonly http: HttpService, private readonly prisma: PrismaService) {}

  async unreadFor(userId: string) {
    return this.prisma.$queryRaw`SELECT id, title FROM "Notification" WHERE "userId" = ${userId} AND read = false`;
  }

  async push(deviceToken: string, title: string) {
    const res = await firstValueFrom(
      this.http.post(`${this.pushApi}/devices/${encodeURIComponent(deviceToken)}/messages`, { title }),
    );
    return res.status;
  }

  newUnsubscribeToken(): string {
    return randomBytes(24).toString('base64url');
  }
}

import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, pbkdf2Sync } from 'crypto';

@Injectable()
export class CryptoService {
  private readonly key = Buffer.from(process.env.FIELD_KEY ?? '', 'base64');

  encryptEcb(plain: string): string {
    const cipher = createCipheriv('aes-256-ecb', this.key, null);
    return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('hex');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return iv.toString('hex') + ':' + ct.toString('hex');
  }

  decrypt(payload: string): string {
    const [ivHex, ctHex] = payload.split(':');
    const decipher = createDecipheriv('aes-256-cbc', this.key, Buffer.from(ivHex, 'hex'));
    return Buffer.concat([decipher.update(Buffer.from(ctHex, 'hex')), decipher.final()]).toString('utf8');
  }

  encryptWithDerivedIv(plain: string, userId: string): string {
    const iv = Buffer.alloc(16, 0);
    const cipher = createCipheriv('aes-256-cbc', this.key, iv);
    return Buffer.concat([cipher.update(plain + userId, 'utf8'), cipher.final()]).toString('base64');
  }

  passwordDigest(password: string): string {
    return createHash('sha1').update(password).digest('hex');
  }

  passwordHash(password: string, salt = randomBytes(16)): string {
    return salt.toString('hex') + '$' + pbkdf2Sync(password, salt, 310000, 32, 'sha256').toString('hex');
  }

  signWebhook(body: string): string {
    return createHmac('sha256', process.env.WEBHOOK_SECRET ?? '').update(body).digest('hex');
  }

  checksum(data: Buffer): string {
    return createHash('md5').update(data).digest('hex');
  }
}
